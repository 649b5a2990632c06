// jaxts: JAX's programming model in TypeScript. The public API (docs/api.md).
import "./core/eval_trace.ts";
import "./backend/js/index.ts";
import "./backend/wasm/index.ts";
// The decompositions the compiler inlines for targets with special kernels (igamma's loops, lhs-dilated convs by phases).
import "./lax/igamma_impl.ts";
import "./lax/conv_phases.ts";
import "./lax/arg_reductions.ts";

export * as jnp from "./numpy/index.ts";
export * as lax from "./lax/index.ts";
export * as nn from "./nn/index.ts";
export * as scipy from "./scipy/index.ts";
export * as random from "./random/index.ts";
export * as tree from "./tree/index.ts";
export {
  jit,
  grad,
  valueAndGrad,
  jvp,
  vjp,
  linearize,
  vmap,
  jacfwd,
  jacrev,
  hessian,
  makeJaxpr,
  customJvp,
  customVjp,
  customGradient,
  closureConvert,
  linearTranspose,
  checkpoint,
  remat,
  checkpointPolicies,
  checkpointName,
  SymbolicZero,
  zeroFromPrimal,
  CustomVJPPrimal,
  customVjpPrimalTreeValues,
} from "./transforms/api.ts";
export { stopGradient } from "./lax/api.ts";
export { ds } from "./numpy/dynamic_slice_index.ts";
export { pmap, type PmapOptions } from "./transforms/pmap.ts";
export { float0, Float0Array } from "./core/float0.ts";
export { jacrev as jacobian } from "./transforms/api.ts";
export { evalShape } from "./transforms/eval_shape.ts";
export { ShapeDtypeStruct } from "./core/shape_dtype_struct.ts";
export { pureCallback, type PureCallbackOptions } from "./debug/pure_callback.ts";
export { clearCaches, effectsBarrier, ensureCompileTimeEval, namedCall, namedScope } from "./transforms/scopes.ts";
export { debugInfs, debugNans, defaultDevice, disableJit, enableX64 } from "./core/config_scopes.ts";
export * from "./core/config_flags.ts";
export { typeOf, typeOf as typeof, printEnvironmentInfo, type Device, type ShapedArrayType } from "./core/environment.ts";
export { fwdAndBwd, type FwdAndBwdOptions } from "./transforms/fwd_and_bwd.ts";
export { Ref, newRef, emptyRef, freeze, freeRef } from "./state/ref.ts";
export {
  deviceCount,
  deviceGet,
  devicePut,
  localDeviceCount,
  localDevices,
  processCount,
  processIndex,
  hostCount,
  hostId,
  hostIds,
  processIndices,
  copyToHostAsync,
  makeArrayFromCallback,
} from "./backend/devices.ts";
export { blockUntilReady } from "./core/block.ts";
export { devices, defaultBackend, setDefaultBackend, memoryStats, type MemoryStats } from "./backend/backend.ts";
export { liveArrays } from "./backend/live_arrays.ts";
export { threadInfo, type ThreadInfo } from "./backend/wasm/threads/pool.ts";
export { initWebGpu } from "./backend/webgpu/index.ts";
export { config } from "./core/config.ts";
export { NDArray } from "./core/ndarray.ts";
export type { ArrayLike, Index } from "./core/ndarray.ts";
export type { DType } from "./core/dtypes.ts";
export {
  ConcretizationTypeError,
  UnexpectedTracerError,
  TracerArrayConversionError,
  JaxTypeError as TypeError,
  ValueError,
  IndexError,
  FloatingPointError,
  JaxTsError,
  RuntimeError,
  NotImplementedError,
  AttributeError,
  TypePromotionError,
} from "./core/errors.ts";
export * as debug from "./debug/index.ts";
