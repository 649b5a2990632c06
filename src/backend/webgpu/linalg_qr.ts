// Householder QR on the webgpu backend, one workgroup per matrix: geqrf
// (reflectors chosen as LAPACK's dlarfg chooses them, so q and r carry
// JAX's signs) and orgqr (householder_product: the reflectors applied to
// the identity, last first). qr is the two in sequence, r taken from the
// packed factor. The reflector's norm is a workgroup reduction of scaled
// sums of squares (no overflow); each reflector is applied with one
// invocation per column.
import type { ShapedArray } from "../../core/aval.ts";
import type { GpuBuf, WebGpuBackend } from "./backend.ts";
import { SYNC, dispatchMatrices, matrixKernel, workgroupFor } from "./linalg_wgsl.ts";

/** geqrf of `a` (batch of m x n) into `w` (packed R and reflectors) and `taus` (min(m, n) each). */
export function recordGeqrf(b: WebGpuBackend, a: GpuBuf, w: GpuBuf, taus: GpuBuf, batch: number, m: number, n: number): void {
  const k = Math.min(m, n);
  const wg = workgroupFor(Math.max(m, n));
  const W = (i: string, j: string) => `w[base + (${i}) * ${n}u + (${j})]`;
  const code = matrixKernel(
    [
      { name: "a", type: "f32" },
      { name: "w", type: "f32", write: true },
      { name: "taus", type: "f32", write: true },
    ],
    wg,
    batch,
    [
      `let base = g * ${m * n}u;`,
      `for (var e = lid; e < ${m * n}u; e = e + ${wg}u) { w[base + e] = a[base + e]; }`,
      SYNC,
      `for (var j = 0u; j < ${k}u; j = j + 1u) {`,
      // ||x|| as scale * sqrt(ssq), as LAPACK's dnrm2 keeps it.
      "  var sc = 0.0;",
      "  var sq = 1.0;",
      `  for (var i = j + 1u + lid; i < ${m}u; i = i + ${wg}u) {`,
      `    let x = abs(${W("i", "j")});`,
      "    if (x != 0.0) {",
      "      if (sc < x) { sq = 1.0 + sq * (sc / x) * (sc / x); sc = x; } else { sq = sq + (x / sc) * (x / sc); }",
      "    }",
      "  }",
      "  red_s[lid] = sc;",
      "  red_q[lid] = sq;",
      "  workgroupBarrier();",
      `  for (var s = ${wg / 2}u; s > 0u; s = s >> 1u) {`,
      "    if (lid < s) {",
      "      let s1 = red_s[lid];",
      "      let s2 = red_s[lid + s];",
      "      if (s2 > s1) { red_q[lid] = red_q[lid + s] + red_q[lid] * (s1 / s2) * (s1 / s2); red_s[lid] = s2; }",
      "      else if (s2 > 0.0) { red_q[lid] = red_q[lid] + red_q[lid + s] * (s2 / s1) * (s2 / s1); }",
      "    }",
      "    workgroupBarrier();",
      "  }",
      "  if (lid == 0u) {",
      "    let xnorm = red_s[0] * sqrt(red_q[0]);",
      `    let alpha = ${W("j", "j")};`,
      "    var tau = 0.0;",
      "    var scl = 0.0;",
      "    if (xnorm != 0.0) {",
      "      let mx = max(abs(alpha), xnorm);",
      "      let mn = min(abs(alpha), xnorm);",
      "      let beta = -select(-1.0, 1.0, alpha >= 0.0) * mx * sqrt(1.0 + (mn / mx) * (mn / mx));",
      "      tau = (beta - alpha) / beta;",
      "      scl = 1.0 / (alpha - beta);",
      `      ${W("j", "j")} = beta;`,
      "    }",
      `    taus[g * ${k}u + j] = tau;`,
      "    sh_tau = tau;",
      "    sh_scl = scl;",
      "  }",
      `  ${SYNC}`,
      "  let tau = sh_tau;",
      "  let scl = sh_scl;",
      `  if (tau != 0.0) { for (var i = j + 1u + lid; i < ${m}u; i = i + ${wg}u) { ${W("i", "j")} = ${W("i", "j")} * scl; } }`,
      `  ${SYNC}`,
      "  if (tau != 0.0) {",
      `    for (var c = j + 1u + lid; c < ${n}u; c = c + ${wg}u) {`,
      `      var s = ${W("j", "c")};`,
      `      for (var i = j + 1u; i < ${m}u; i = i + 1u) { s = s + ${W("i", "j")} * ${W("i", "c")}; }`,
      "      s = s * tau;",
      `      ${W("j", "c")} = ${W("j", "c")} - s;`,
      `      for (var i = j + 1u; i < ${m}u; i = i + 1u) { ${W("i", "c")} = ${W("i", "c")} - s * ${W("i", "j")}; }`,
      "    }",
      "  }",
      `  ${SYNC}`,
      "}",
    ],
    [
      `var<workgroup> red_s: array<f32, ${wg}>;`,
      `var<workgroup> red_q: array<f32, ${wg}>;`,
      "var<workgroup> sh_tau: f32;",
      "var<workgroup> sh_scl: f32;",
    ],
  );
  dispatchMatrices(b, code, batch, [a, w, taus]);
}

/**
 * orgqr: q (batch of m x nq) = H_0 ... H_{kt-1} I[:, :nq], reflector j in
 * column j of the packed m x n `w`, its tau in `taus` (kt each). With `r`,
 * also the kr x n upper triangle of `w` into r (zeros below and past row m).
 */
export function recordOrgqr(
  b: WebGpuBackend,
  w: GpuBuf,
  taus: GpuBuf,
  q: GpuBuf,
  r: { buf: GpuBuf; rows: number } | null,
  batch: number,
  m: number,
  n: number,
  kt: number,
  nq: number,
): void {
  const wg = workgroupFor(Math.max(m, nq));
  const W = (i: string, j: string) => `w[base + (${i}) * ${n}u + (${j})]`;
  const Q = (i: string, j: string) => `q[qb + (${i}) * ${nq}u + (${j})]`;
  const rLines = r
    ? [
        `for (var e = lid; e < ${r.rows * n}u; e = e + ${wg}u) {`,
        `  let i = e / ${n}u;`,
        `  let c = e % ${n}u;`,
        "  var v = 0.0;",
        `  if (i < ${m}u && c >= i) { v = ${W("i", "c")}; }`,
        `  r[g * ${r.rows * n}u + e] = v;`,
        "}",
      ]
    : [];
  const code = matrixKernel(
    [
      { name: "w", type: "f32" },
      { name: "taus", type: "f32" },
      { name: "q", type: "f32", write: true },
      ...(r ? [{ name: "r", type: "f32" as const, write: true }] : []),
    ],
    wg,
    batch,
    [
      `let base = g * ${m * n}u;`,
      `let qb = g * ${m * nq}u;`,
      `for (var e = lid; e < ${m * nq}u; e = e + ${wg}u) { q[qb + e] = select(0.0, 1.0, e / ${nq}u == e % ${nq}u); }`,
      ...rLines,
      SYNC,
      `for (var jj = 0u; jj < ${kt}u; jj = jj + 1u) {`,
      `  let j = ${Math.max(kt - 1, 0)}u - jj;`,
      `  let tau = taus[g * ${kt}u + j];`,
      "  if (tau != 0.0) {",
      `    for (var c = lid; c < ${nq}u; c = c + ${wg}u) {`,
      `      var s = ${Q("j", "c")};`,
      `      for (var i = j + 1u; i < ${m}u; i = i + 1u) { s = s + ${W("i", "j")} * ${Q("i", "c")}; }`,
      "      s = s * tau;",
      `      ${Q("j", "c")} = ${Q("j", "c")} - s;`,
      `      for (var i = j + 1u; i < ${m}u; i = i + 1u) { ${Q("i", "c")} = ${Q("i", "c")} - s * ${W("i", "j")}; }`,
      "    }",
      "  }",
      `  ${SYNC}`,
      "}",
    ],
  );
  dispatchMatrices(b, code, batch, r ? [w, taus, q, r.buf] : [w, taus, q]);
}

export function runGeqrf(b: WebGpuBackend, x: GpuBuf, batch: number, m: number, n: number, outAvals: readonly ShapedArray[]): GpuBuf[] {
  const [w, taus] = outAvals.map((o) => b.alloc(o));
  recordGeqrf(b, x, w, taus, batch, m, n);
  return [w, taus];
}

export function runHouseholderProduct(
  b: WebGpuBackend,
  x: GpuBuf,
  taus: GpuBuf,
  batch: number,
  m: number,
  n: number,
  kt: number,
  outAval: ShapedArray,
): GpuBuf {
  const q = b.alloc(outAval);
  recordOrgqr(b, x, taus, q, null, batch, m, n, kt, n);
  return q;
}

export function runQr(
  b: WebGpuBackend,
  x: GpuBuf,
  batch: number,
  m: number,
  n: number,
  full: boolean,
  outAvals: readonly ShapedArray[],
): GpuBuf[] {
  const [q, r] = outAvals.map((o) => b.alloc(o));
  const k = Math.min(m, n);
  const kq = full ? m : k;
  const w = b.allocWords(batch * m * n);
  const taus = b.allocWords(batch * k);
  recordGeqrf(b, x, w, taus, batch, m, n);
  recordOrgqr(b, w, taus, q, { buf: r, rows: kq }, batch, m, n, k, kq);
  b.freeWords(w);
  b.freeWords(taus);
  return [q, r];
}
