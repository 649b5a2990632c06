// The kernel IR read directly: printed kernels of small programs fused for
// the wasm target (goldens checked by hand: each line is one node, loads name
// `input[offset; strides]`, `r` marks a reduced dimension), and the verifier
// (compiler/check_kernel.ts) on well-formed and malformed kernels.
import { test } from "node:test";
import assert from "node:assert/strict";
import { jnp, makeJaxpr, nn, type NDArray } from "../../src/index.ts";
import { fuse } from "../../src/compiler/fusion.ts";
import { localize } from "../../src/compiler/localize.ts";
import { type Kernel, NodeBuilder, printKernel, topoOrder } from "../../src/compiler/kernel.ts";
import { checkKernel, kernelProblems } from "../../src/compiler/check_kernel.ts";
import { type KernelOp, OPS, operandAllowed } from "../../src/compiler/ops.ts";
import type { KType } from "../../src/compiler/ktype.ts";
import { wasmTarget } from "../../src/backend/wasm/target.ts";

/** The kernels fusion makes of f (other steps as [kind]), printed. */
function kernelsOf(f: (...a: NDArray[]) => NDArray, ...args: NDArray[]): string[] {
  const program = fuse(makeJaxpr(f)(...args).jaxpr, wasmTarget);
  return program.steps.map((s) => {
    if (s.kind !== "kernel") return `[${s.kind}]`;
    const { kernel } = localize(s.kernel);
    assert.deepEqual(kernelProblems(kernel), [], printKernel(kernel));
    return printKernel(kernel);
  });
}

const GOLDENS: [string, () => string[], string][] = [
  [
    "x * 2 + y: one kernel",
    () => kernelsOf((x, y) => x.mul(2).add(y), jnp.ones([4]), jnp.ones([4])),
    `kernel[4](in0:f32, in1:f32) {
  %0:f32 = load in0[0; 1]
  %1:f32 = 2
  %2:f32 = mul %0 %1
  %3:f32 = load in1[0; 1]
  %4:f32 = add %2 %3
  out0:f32 = %4
}`,
  ],
  [
    "tanh then a row sum: the reduction absorbs its producer",
    () => kernelsOf((x) => jnp.tanh(x).sum(1), jnp.ones([2, 3])),
    `kernel[2,r3](in0:f32) {
  %0:f32 = load in0[0; 3,1]
  %1:f32 = tanh %0
  out0:f32 = sum %1
}`,
  ],
  [
    "softmax: max; exp and its sum as siblings; the division",
    () => kernelsOf((x) => nn.softmax(x), jnp.ones([2, 8])),
    `kernel[2,r8](in0:f32) {
  %0:f32 = load in0[0; 8,1]
  out0:f32 = max %0
}
kernel[2,r8](in0:f32, in1:f32) {
  %0:f32 = load in0[0; 8,1]
  %1:f32 = load in1[0; 1,0]
  %2:f32 = sub %0 %1
  %3:f32 = exp %2
  out0:f32 = %3
  out1:f32 = sum %3
}
kernel[2,8](in0:f32, in1:f32) {
  %0:f32 = load in0[0; 8,1]
  %1:f32 = load in1[0; 1,0]
  %2:f32 = div %0 %1
  out0:f32 = %2
}`,
  ],
  [
    "where: comparison and select in the same kernel",
    () => kernelsOf((x) => jnp.where(x.gt(0), x, x.mul(0.1)), jnp.ones([5])),
    `kernel[5](in0:f32) {
  %0:f32 = load in0[0; 1]
  %1:f32 = 0
  %2:bool = gt %0 %1
  %3:f32 = 0.10000000149011612
  %4:f32 = mul %0 %3
  %5:f32 = select %2 %4 %0
  out0:f32 = %5
}`,
  ],
  [
    "a transpose is a view: strides swap, no copy",
    () => kernelsOf((x) => x.T.add(1), jnp.ones([2, 3])),
    `kernel[3,2](in0:f32) {
  %0:f32 = load in0[0; 1,3]
  %1:f32 = 1
  %2:f32 = add %0 %1
  out0:f32 = %2
}`,
  ],
];

for (const [name, make, want] of GOLDENS) {
  test(`printed kernels: ${name}`, () => assert.equal(make().join("\n"), want));
}

test("every kernel op has a table row: arity, operand rule, result rule, cost class", () => {
  for (const [op, info] of Object.entries(OPS)) {
    assert.ok(info.arity >= 1 && info.arity <= 3, op);
    assert.ok(["any", "numeric", "float", "int", "bits"].includes(info.operands), op);
    assert.ok(["same", "bool", "given"].includes(info.result), op);
    assert.ok(["cheap", "division", "transcendental"].includes(info.cost), op);
  }
});

test("the wasm target implements only what the op table allows, and every op for some type", () => {
  const types: KType[] = ["f32", "f64", "i32", "u32", "bool"];
  for (const op of Object.keys(OPS) as KernelOp[]) {
    const info = OPS[op];
    const supportedOn = types.filter((t) => {
      const args = op === "select" ? ["bool", t, t] : Array<KType>(info.arity).fill(t);
      const outs = info.result === "bool" ? ["bool"] : info.result === "same" ? [t] : types;
      return outs.some((o) => wasmTarget.supportsOp(op, args as KType[], o as KType));
    });
    assert.ok(supportedOn.length > 0, `${op}: no type the wasm target computes it on`);
    for (const t of supportedOn) assert.ok(operandAllowed(info.operands, t), `${op}: wasm computes it on ${t}, the table forbids it`);
  }
});

test("the verifier names what is wrong with a malformed kernel", () => {
  const b = new NodeBuilder();
  const x = b.load(0, "f32", [4], { strides: [1], offset: 0 });
  const i = b.load(1, "i32", [4], { strides: [1], offset: 0 });
  const ok: Kernel = {
    shape: [4],
    reduced: [false],
    inputs: [{ type: "f32" }, { type: "i32" }],
    outputs: [{ node: b.op("add", "f32", [x, x]), reduce: null, type: "f32" }],
  };
  assert.doesNotThrow(() => checkKernel(ok));
  const bad = (node: ReturnType<NodeBuilder["op"]>, extra: Partial<Kernel> = {}): string[] =>
    kernelProblems({ ...ok, outputs: [{ node, reduce: null, type: node.type }], ...extra });
  assert.match(bad(b.op("add", "f32", [x, i])).join(), /mixed types f32,i32/);
  assert.match(bad(b.op("sqrt", "i32", [i])).join(), /operand of type i32 \(allowed: float\)/);
  assert.match(bad(b.op("lt", "f32", [x, x])).join(), /result f32, expects bool/);
  assert.match(bad(b.op("neg", "f32", [x, x])).join(), /2 operands, expects 1/);
  assert.match(bad(b.op("bitcast", "bool", [x])).join(), /different widths/);
  assert.match(bad(b.op("convert", "f32", [i]), { inputs: [{ type: "f32" }] }).join(), /reads input 1 of 1/);
  assert.match(bad(b.op("convert", "f32", [i]), { inputs: [{ type: "f32" }, { type: "u32" }] }).join(), /loads i32 from a u32 input/);
  assert.match(bad(b.op("add", "f32", [x, x]), { shape: [5] }).join(), /output of shape \[4\] in a \[5\] kernel/);
  assert.match(kernelProblems({ ...ok, outputs: [{ node: x, reduce: "and", type: "f32" }] }).join(), /reduction and over f32/);
  assert.throws(() => checkKernel({ ...ok, reduced: [] }), /malformed kernel:\n  reduced has 0 dims/);
});

test("a value read on both sides of an opaque step is stored, not recomputed by every later kernel", () => {
  // A binary search: each level's bounds feed the next level's gather index
  // and its own update. Recomputed inline, level k's kernels carried every
  // earlier level (10, 28, 45, 62 operations, then a store past 64).
  // A target without gathered loads keeps each level's gather an opaque step.
  const program = fuse(
    makeJaxpr((a: NDArray, q: NDArray) => jnp.searchsorted(a, q))(jnp.arange(1024, { dtype: "float32" }), jnp.ones([512])).jaxpr,
    { ...wasmTarget, gatherLoads: false },
  );
  const sizes = program.steps.flatMap((s) => (s.kind === "kernel" ? [topoOrder(s.kernel.outputs.map((o) => o.node)).length] : []));
  assert.ok(program.steps.filter((s) => s.kind === "prim").length >= 10, "a gather per level");
  assert.ok(Math.max(...sizes) <= 40, `kernel sizes ${sizes.join(" ")}`);
});
