// The public transformations, by topic: jit.ts (jit, makeJaxpr), autodiff.ts
// (jvp, linearize, vjp, grad, valueAndGrad), vmap.ts, jacobians.ts (jacfwd,
// jacrev, hessian); their static types in types.ts.
export { jit, makeJaxpr, type JitOptions, type Jitted, type Lowered, type Compiled } from "./jit.ts";
export { jvp, linearize, vjp, grad, valueAndGrad, type GradOptions } from "./autodiff.ts";
export { vmap, type VmapOptions, type InAxes } from "./vmap.ts";
export { jacfwd, jacrev, hessian, type JacobianOptions, type JacrevOptions } from "./jacobians.ts";
export type {
  ArrayInput,
  In,
  Out,
  Transformed,
  Argnums,
  GradOf,
  GradResult,
  ValueAndGradResult,
  JacobianOf,
  HessianOf,
} from "./types.ts";
export { customJvp, SymbolicZero, zeroFromPrimal, type CustomJvp, type CustomJvpOptions } from "./custom_jvp.ts";
export {
  customVjp,
  customGradient,
  CustomVJPPrimal,
  customVjpPrimalTreeValues,
  type CustomVjp,
  type CustomVjpOptions,
} from "./custom_vjp.ts";
export { closureConvert, linearTranspose } from "./closure.ts";
export { checkpoint, remat, checkpointPolicies, checkpointName, type CheckpointOptions, type CheckpointPolicy } from "./checkpoint.ts";
