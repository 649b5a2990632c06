// lax.scaledDot against real JAX on CPU, and nn.scaledMatmul /
// nn.scaledDotGeneral / nn.getScaledDotGeneralConfig against JAX's own
// quantization and custom VJP run on CPU with cuDNN's matmul replaced by its
// formula (test/goldens/scaled_matmul.json, scripts/gen_scaled_goldens.py).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { type DType, jit, jnp, lax, type NDArray, nn, vjp, vmap } from "../../src/index.ts";
import type { DotDims } from "../../src/lax/dot.ts";
import { quantize } from "../../src/nn/scaled_matmul.ts";

type V = number | string | null;
interface Enc {
  dtype: DType;
  shape: number[];
  data: V[];
}
const G = JSON.parse(readFileSync(new URL("../goldens/scaled_matmul.json", import.meta.url), "utf8")) as {
  scaled_dot: Array<{
    name: string;
    lhs: Enc;
    rhs: Enc;
    lhs_scale: Enc | null;
    rhs_scale: Enc | null;
    dn: DotDims | null;
    pet: DType | null;
    out: Enc;
  }>;
  scaled_dot_errors: Record<string, string>;
  scaled_matmul: Array<{ name: string; pet: DType; a: Enc; b: Enc; as: Enc; bs: Enc; out: Enc }>;
  scaled_matmul_doc: Enc;
  scaled_dot_general: Array<{
    mode: "mxfp8" | "nvfp4";
    name: string;
    pet: DType;
    gs: number | null;
    dn: DotDims;
    out: Enc;
    glhs: Enc;
    grhs: Enc;
  }>;
  quantize_mxfp8: { x: Enc; q: Enc; s: Enc };
  quantize_nvfp4: { x: Enc; q: Enc; s: Enc };
};

const dec = (v: V): number => (v === null ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
const arr = (e: Enc): NDArray => jnp.array(e.data.map(dec), "float32").reshape(e.shape).astype(e.dtype);
const vals = (a: NDArray): number[] => Array.from(a.astype("float32").reshape([-1]).toArray() as number[], Number);

/** Close to JAX's: `rel` relative to the largest magnitude (accumulation order differs). */
function close(got: NDArray, want: Enc, what: string, rel = 1e-5): void {
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  const w = want.data.map((v) => Math.fround(dec(v)));
  const scale = Math.max(1e-30, ...w.filter((x) => !Number.isNaN(x)).map(Math.abs));
  vals(got).forEach((v, i) =>
    assert.ok(Number.isNaN(w[i]) ? Number.isNaN(v) : Math.abs(v - w[i]) <= rel * scale, `${what}[${i}]: ${v} vs ${w[i]}`),
  );
}

/** ((i*mul % mod) - mod/2) * scale, the exact data the generator built. */
function pattern(shape: number[], mul: number, mod: number, scale: number): NDArray {
  const n = shape.reduce((p, s) => p * s, 1);
  const xs = Array.from({ length: n }, (_, i) => (((i * mul) % mod) - Math.floor(mod / 2)) * scale);
  return jnp.array(xs, "float32").reshape(shape);
}

test("lax.scaledDot matches JAX on CPU (bfloat16 products, default dims), eager and under jit", () => {
  for (const c of G.scaled_dot) {
    const opts = {
      lhsScale: c.lhs_scale && arr(c.lhs_scale),
      rhsScale: c.rhs_scale && arr(c.rhs_scale),
      dimensionNumbers: c.dn,
      preferredElementType: c.pet,
    };
    const rel = c.out.dtype === "bfloat16" ? 2 ** -7 : 1e-5;
    close(lax.scaledDot(arr(c.lhs), arr(c.rhs), opts), c.out, c.name, rel);
    const f = jit((l: NDArray, r: NDArray) => lax.scaledDot(l, r, opts));
    close(f(arr(c.lhs), arr(c.rhs)), c.out, `jit ${c.name}`, rel);
  }
  // vmap adds a batch dim, as JAX's batching rule does.
  const c = G.scaled_dot.find((x) => x.name === "f8_f32")!;
  const [l, r, ls, rs] = [c.lhs, c.rhs, c.lhs_scale!, c.rhs_scale!].map(arr);
  const batched = vmap((a: NDArray, b: NDArray, sa: NDArray, sb: NDArray) =>
    lax.scaledDot(a, b, { lhsScale: sa, rhsScale: sb, preferredElementType: "float32" }),
  )(l, r, ls, rs);
  close(batched, c.out, "vmap f8_f32");
});

test("lax.scaledDot validates as JAX", () => {
  const e = G.scaled_dot_errors;
  const f32 = { preferredElementType: "float32" as DType };
  const msg = (s: string) => s.replace(/^TypeError: /, "");
  assert.throws(
    () => lax.scaledDot(jnp.ones([2, 4]), jnp.ones([4, 2]), { lhsScale: jnp.ones([2, 4]), rhsScale: jnp.ones([2, 2]), ...f32 }),
    {
      message: msg(e.ratio),
    },
  );
  assert.throws(() => lax.scaledDot(jnp.ones([2, 4]), jnp.ones([4, 2]), { lhsScale: jnp.ones([2, 2, 1]), ...f32 }), {
    message: msg(e.rank),
  });
  assert.throws(() => lax.scaledDot(jnp.ones([2, 6]), jnp.ones([6, 2]), { lhsScale: jnp.ones([2, 4]), ...f32 }), {
    message: msg(e.divisible),
  });
  assert.throws(() => lax.scaledDot(jnp.ones([4]), jnp.ones([4])), { message: msg(e.one_d) });
  assert.throws(() => lax.scaledDot(jnp.ones([2, 4]), jnp.ones([4, 2]), { bogus: 1 } as never), /bogus/);
});

test("nn.scaledMatmul computes the block-scaled product (JAX's formula), eager and under jit", () => {
  close(
    nn.scaledMatmul(jnp.array([[[1, 2, 3]]]), jnp.array([[[4, 5, 6]]]), jnp.array([[[0.5]]]), jnp.array([[[0.5]]])),
    G.scaled_matmul_doc,
    "doc",
  );
  for (const c of G.scaled_matmul) {
    const args = [c.a, c.b, c.as, c.bs].map(arr) as [NDArray, NDArray, NDArray, NDArray];
    const rel = c.pet === "bfloat16" ? 2 ** -7 : 1e-5;
    close(nn.scaledMatmul(...args, { preferredElementType: c.pet }), c.out, `${c.name} ${c.pet}`, rel);
    close(
      jit((a: NDArray, b: NDArray, x: NDArray, y: NDArray) => nn.scaledMatmul(a, b, x, y, { preferredElementType: c.pet }))(...args),
      c.out,
      `jit ${c.name} ${c.pet}`,
      rel,
    );
  }
  assert.throws(() => nn.scaledMatmul(jnp.ones([2, 3]), jnp.ones([2, 3]), jnp.ones([2, 1]), jnp.ones([2, 1])), /3-dimensional/);
  assert.throws(
    () => nn.scaledMatmul(jnp.ones([1, 2, 4]), jnp.ones([1, 2, 8]), jnp.ones([1, 2, 1]), jnp.ones([1, 2, 1])),
    /matching batch \(B\) and contract \(K\) dimensions, but got shapes \(1, 2, 4\) and \(1, 2, 8\)/,
  );
});

test("nn.getScaledDotGeneralConfig gives JAX's mxfp8 and nvfp4 recipes", () => {
  const mx = nn.getScaledDotGeneralConfig("mxfp8");
  assert.deepEqual(
    [mx.mode, mx.blockSize, mx.dataType, mx.scaleType, mx.globalScale, mx.inferOnly],
    ["mxfp8", 32, "float8_e4m3fn", "float8_e8m0fnu", null, false],
  );
  const nv = nn.getScaledDotGeneralConfig("nvfp4");
  assert.deepEqual([nv.blockSize, nv.dataType, nv.scaleType], [16, "float4_e2m1fn", "float8_e4m3fn"]);
  assert.deepEqual(nv.globalScale!.toArray(), [1]);
  assert.equal(nv.globalScale!.dtype, "float32");
  assert.deepEqual(nn.getScaledDotGeneralConfig("nvfp4", jnp.array([0.5], "float32")).globalScale!.toArray(), [0.5]);
  assert.throws(() => nn.getScaledDotGeneralConfig("int8" as never), /Unsupported mode: int8/);
});

test("nn.scaledDotGeneral: forward and gradients as JAX's quantized custom VJP, eager and under jit", () => {
  for (const c of G.scaled_dot_general) {
    const gs = c.gs === null ? null : jnp.array([c.gs], "float32");
    const cfg = nn.getScaledDotGeneralConfig(c.mode, gs);
    const configs = [cfg, cfg, cfg];
    const batched = c.name === "batched";
    const l = pattern(batched ? [1, 32, 32] : [32, 32], 37, 29, 0.375);
    const r = pattern(batched ? [1, 32, 32] : [32, 32], 41, 31, 0.0625);
    const f = (x: NDArray, y: NDArray) => nn.scaledDotGeneral(x, y, c.dn, { preferredElementType: c.pet, configs });
    const what = `${c.mode} ${c.name} ${c.pet}`;
    const rel = c.pet === "bfloat16" ? 2 ** -7 : 1e-5;
    const [out, back] = vjp(f, l, r);
    close(out, c.out, what, rel);
    close(jit(f)(l, r), c.out, `jit ${what}`, rel);
    const ct = pattern(out.shape, 53, 17, 0.125).astype(out.dtype);
    let [gl, gr] = back(ct) as [NDArray, NDArray];
    // JAX passes the bwd rule's bfloat16 cotangents through for float32 primals; jaxts's customVjp casts them to the primal dtype.
    if (c.pet === "bfloat16") [gl, gr] = [gl.astype("bfloat16"), gr.astype("bfloat16")];
    close(gl, c.glhs, `${what} d/dlhs`, rel);
    close(gr, c.grhs, `${what} d/drhs`, rel);
    const [gl2, gr2] = jit((x: NDArray, y: NDArray, t: NDArray) => vjp(f, x, y)[1](t) as [NDArray, NDArray])(l, r, ct);
    close(gl2.astype(gl.dtype), c.glhs, `jit ${what} d/dlhs`, rel);
    close(gr2.astype(gr.dtype), c.grhs, `jit ${what} d/drhs`, rel);
  }
  // Without configs it is a plain dot_general in float32.
  const a = jnp.ones([2, 3]);
  assert.deepEqual(
    nn
      .scaledDotGeneral(a, a, [
        [[1], [1]],
        [[], []],
      ])
      .toArray(),
    [
      [3, 3],
      [3, 3],
    ],
  );
  const cfg = nn.getScaledDotGeneralConfig("mxfp8");
  assert.throws(
    () =>
      nn.scaledDotGeneral(
        jnp.ones([32, 32]),
        jnp.ones([32, 32]),
        [
          [[1], [0]],
          [[], []],
        ],
        { preferredElementType: "int32", configs: [cfg, cfg, cfg] },
      ),
    /Only support preferred_element_type in \(f32, bf16, f16\)/,
  );
});

test("quantization of zero, tiny and exact blocks as JAX's (mxfp8 scales round up to powers of two; nvfp4 divides by the global scale)", () => {
  for (const [mode, g, gs] of [
    ["mxfp8", G.quantize_mxfp8, null],
    ["nvfp4", G.quantize_nvfp4, 2],
  ] as const) {
    const cfg = nn.getScaledDotGeneralConfig(mode, gs === null ? null : jnp.array([gs], "float32"));
    const [q, s] = quantize(arr(g.x), cfg);
    close(q, g.q, `${mode} data`, 0);
    close(s, g.s, `${mode} scales`, 0);
  }
});
