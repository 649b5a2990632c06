// Householder QR on the webgpu backend, one workgroup per matrix: geqrf
// (reflectors chosen as LAPACK's dlarfg chooses them, so q and r carry
// JAX's signs) and orgqr (householder_product: the reflectors applied to
// the identity, last first). qr is the two in sequence, r taken from the
// packed factor. The reflector's norm is a workgroup reduction of scaled
// sums of squares (no overflow); each reflector is applied with one
// invocation per column. Past ONE_WORKGROUP_MAX each reflector is its own
// dispatches (the reflector, then its application over every column).
import type { ShapedArray } from "../../core/aval.ts";
import type { GpuBuf, WebGpuBackend } from "./backend.ts";
import { ONE_WORKGROUP_MAX, SYNC, dispatchMatrices, gridKernel, matrixKernel, workgroupFor } from "./linalg_wgsl.ts";

/** Applies reflector j (tau `tau`, v in column j of w below row j) from the left to column `c` of T. */
function applyLines(T: (i: string, c: string) => string, W: (i: string, j: string) => string, m: number): string[] {
  return [
    `var s = ${T("j", "c")};`,
    `for (var i = j + 1u; i < ${m}u; i = i + 1u) { s = s + ${W("i", "j")} * ${T("i", "c")}; }`,
    "s = s * tau;",
    `${T("j", "c")} = ${T("j", "c")} - s;`,
    `for (var i = j + 1u; i < ${m}u; i = i + 1u) { ${T("i", "c")} = ${T("i", "c")} - s * ${W("i", "j")}; }`,
  ];
}

/**
 * Reflector j in a workgroup per matrix: ||x|| as scale * sqrt(ssq) (as
 * LAPACK's dnrm2 keeps it) reduced over the workgroup, beta and tau as
 * dlarfg, the vector scaled into column j below row `top` (j for QR, j + 1
 * for Hessenberg); `tau` and `scl` after.
 */
function reflectorLines(m: number, n: number, k: number, wg: number, top = "j"): string[] {
  const W = (i: string, j: string) => `w[base + (${i}) * ${n}u + (${j})]`;
  return [
    "var sc = 0.0;",
    "var sq = 1.0;",
    `for (var i = ${top} + 1u + lid; i < ${m}u; i = i + ${wg}u) {`,
    `  let x = abs(${W("i", "j")});`,
    "  if (x != 0.0) {",
    "    if (sc < x) { sq = 1.0 + sq * (sc / x) * (sc / x); sc = x; } else { sq = sq + (x / sc) * (x / sc); }",
    "  }",
    "}",
    "red_s[lid] = sc;",
    "red_q[lid] = sq;",
    "workgroupBarrier();",
    `for (var s = ${wg / 2}u; s > 0u; s = s >> 1u) {`,
    "  if (lid < s) {",
    "    let s1 = red_s[lid];",
    "    let s2 = red_s[lid + s];",
    "    if (s2 > s1) { red_q[lid] = red_q[lid + s] + red_q[lid] * (s1 / s2) * (s1 / s2); red_s[lid] = s2; }",
    "    else if (s2 > 0.0) { red_q[lid] = red_q[lid] + red_q[lid + s] * (s2 / s1) * (s2 / s1); }",
    "  }",
    "  workgroupBarrier();",
    "}",
    "if (lid == 0u) {",
    "  let xnorm = red_s[0] * sqrt(red_q[0]);",
    `  let alpha = ${W(top, "j")};`,
    "  var tau = 0.0;",
    "  var scl = 0.0;",
    "  if (xnorm != 0.0) {",
    "    let mx = max(abs(alpha), xnorm);",
    "    let mn = min(abs(alpha), xnorm);",
    "    let beta = -select(-1.0, 1.0, alpha >= 0.0) * mx * sqrt(1.0 + (mn / mx) * (mn / mx));",
    "    tau = (beta - alpha) / beta;",
    "    scl = 1.0 / (alpha - beta);",
    `    ${W(top, "j")} = beta;`,
    "  }",
    `  taus[g * ${k}u + j] = tau;`,
    "  sh_tau = tau;",
    "  sh_scl = scl;",
    "}",
    SYNC,
    "let tau = sh_tau;",
    "let scl = sh_scl;",
    `if (tau != 0.0) { for (var i = ${top} + 1u + lid; i < ${m}u; i = i + ${wg}u) { ${W("i", "j")} = ${W("i", "j")} * scl; } }`,
  ];
}

const reflectorDecls = (wg: number) => [
  `var<workgroup> red_s: array<f32, ${wg}>;`,
  `var<workgroup> red_q: array<f32, ${wg}>;`,
  "var<workgroup> sh_tau: f32;",
  "var<workgroup> sh_scl: f32;",
];

const packed = [
  { name: "w", type: "f32" as const, write: true },
  { name: "taus", type: "f32" as const, write: true },
];

/** geqrf of `a` (batch of m x n) into `w` (packed R and reflectors) and `taus` (min(m, n) each). */
export function recordGeqrf(b: WebGpuBackend, a: GpuBuf, w: GpuBuf, taus: GpuBuf, batch: number, m: number, n: number): void {
  const k = Math.min(m, n);
  const wg = workgroupFor(Math.max(m, n));
  const W = (i: string, j: string) => `w[base + (${i}) * ${n}u + (${j})]`;
  if (k > 0 && Math.max(m, n) > ONE_WORKGROUP_MAX) {
    // Column by column: the reflector in a workgroup per matrix, then an invocation per later column.
    const copy = gridKernel([{ name: "a", type: "f32" }, packed[0]], `${batch * m * n}u`, ["w[p] = a[p];"]);
    const reflector = matrixKernel(
      [...packed, { name: "prm", type: "u32" }],
      wg,
      batch,
      [`let base = g * ${m * n}u;`, "let j = prm[0];", ...reflectorLines(m, n, k, wg)],
      reflectorDecls(wg),
    );
    const apply = gridKernel([packed[0], { name: "taus", type: "f32" }, { name: "prm", type: "u32" }], `${batch}u * (${n - 1}u - prm[0])`, [
      "let j = prm[0];",
      `let cols = ${n - 1}u - j;`,
      "let bi = p / cols;",
      "let c = j + 1u + p % cols;",
      `let base = bi * ${m * n}u;`,
      `let tau = taus[bi * ${k}u + j];`,
      "if (tau != 0.0) {",
      ...applyLines(W, W, m).map((l) => `  ${l}`),
      "}",
    ]);
    b.dispatch(copy, batch * m * n, [a, w]);
    for (let j = 0; j < k; j++) {
      const prm = b.constWords(j);
      dispatchMatrices(b, reflector, batch, [w, taus, prm]);
      b.dispatch(apply, batch * (n - 1 - j), [w, taus, prm]);
    }
    return;
  }
  const code = matrixKernel(
    [{ name: "a", type: "f32" }, ...packed],
    wg,
    batch,
    [
      `let base = g * ${m * n}u;`,
      `for (var e = lid; e < ${m * n}u; e = e + ${wg}u) { w[base + e] = a[base + e]; }`,
      SYNC,
      `for (var j = 0u; j < ${k}u; j = j + 1u) {`,
      ...reflectorLines(m, n, k, wg).map((l) => `  ${l}`),
      `  ${SYNC}`,
      "  if (tau != 0.0) {",
      `    for (var c = j + 1u + lid; c < ${n}u; c = c + ${wg}u) {`,
      ...applyLines(W, W, m).map((l) => `      ${l}`),
      "    }",
      "  }",
      `  ${SYNC}`,
      "}",
    ],
    reflectorDecls(wg),
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
  const inputs = [
    { name: "w", type: "f32" as const },
    { name: "taus", type: "f32" as const },
  ];
  const rRows = r?.rows ?? 0;
  const rKernel = gridKernel([inputs[0], { name: "r", type: "f32", write: true }], `${batch * rRows * n}u`, [
    `let e = p % ${rRows * n}u;`,
    `let i = e / ${n}u;`,
    `let c = e % ${n}u;`,
    "var v = 0.0;",
    `if (i < ${m}u && c >= i) { v = w[(p / ${rRows * n}u) * ${m * n}u + e]; }`,
    "r[p] = v;",
  ]);
  if (r) b.dispatch(rKernel, batch * rRows * n, [w, r.buf]);
  if (Math.max(m, nq) > ONE_WORKGROUP_MAX) {
    const eye = gridKernel([{ name: "q", type: "f32", write: true }], `${batch * m * nq}u`, [
      `let e = p % ${m * nq}u;`,
      `q[p] = select(0.0, 1.0, e / ${nq}u == e % ${nq}u);`,
    ]);
    const apply = gridKernel([...inputs, { name: "q", type: "f32", write: true }, { name: "prm", type: "u32" }], `${batch * nq}u`, [
      "let j = prm[0];",
      `let bi = p / ${nq}u;`,
      `let c = p % ${nq}u;`,
      `let base = bi * ${m * n}u;`,
      `let qb = bi * ${m * nq}u;`,
      `let tau = taus[bi * ${kt}u + j];`,
      "if (tau != 0.0) {",
      ...applyLines(Q, W, m).map((l) => `  ${l}`),
      "}",
    ]);
    b.dispatch(eye, batch * m * nq, [q]);
    for (let j = kt - 1; j >= 0; j--) b.dispatch(apply, batch * nq, [w, taus, q, b.constWords(j)]);
    return;
  }
  const code = matrixKernel([...inputs, { name: "q", type: "f32", write: true }], wg, batch, [
    `let base = g * ${m * n}u;`,
    `let qb = g * ${m * nq}u;`,
    `for (var e = lid; e < ${m * nq}u; e = e + ${wg}u) { q[qb + e] = select(0.0, 1.0, e / ${nq}u == e % ${nq}u); }`,
    SYNC,
    `for (var jj = 0u; jj < ${kt}u; jj = jj + 1u) {`,
    `  let j = ${Math.max(kt - 1, 0)}u - jj;`,
    `  let tau = taus[g * ${kt}u + j];`,
    "  if (tau != 0.0) {",
    `    for (var c = lid; c < ${nq}u; c = c + ${wg}u) {`,
    ...applyLines(Q, W, m).map((l) => `      ${l}`),
    "    }",
    "  }",
    `  ${SYNC}`,
    "}",
  ]);
  dispatchMatrices(b, code, batch, [w, taus, q]);
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

/**
 * gehrd, one workgroup per matrix: [the Hessenberg matrix with the
 * reflectors below its subdiagonal, n - 1 taus (the last 0)], as the
 * reference (LAPACK's signs). Reflector j acts on rows and columns j+1..:
 * from the right on every row, then from the left on the later columns.
 */
export function runHessenberg(b: WebGpuBackend, x: GpuBuf, batch: number, n: number, outAvals: readonly ShapedArray[]): GpuBuf[] {
  const [w, taus] = outAvals.map((o) => b.alloc(o));
  if (n === 0) return [w, taus];
  const k = n - 1;
  const wg = workgroupFor(n);
  const W = (i: string, j: string) => `w[base + (${i}) * ${n}u + (${j})]`;
  const code = matrixKernel(
    [{ name: "a", type: "f32" }, ...packed],
    wg,
    batch,
    [
      `let base = g * ${n * n}u;`,
      `for (var e = lid; e < ${n * n}u; e = e + ${wg}u) { w[base + e] = a[base + e]; }`,
      `for (var e = lid; e < ${k}u; e = e + ${wg}u) { taus[g * ${k}u + e] = 0.0; }`,
      SYNC,
      `for (var j = 0u; j + 2u < ${n}u; j = j + 1u) {`,
      ...reflectorLines(n, n, k, wg, "(j + 1u)").map((l) => `  ${l}`),
      `  ${SYNC}`,
      "  let h = j + 1u;",
      "  if (tau != 0.0) {",
      `    for (var r = lid; r < ${n}u; r = r + ${wg}u) {`,
      `      var s = ${W("r", "h")};`,
      `      for (var i = h + 1u; i < ${n}u; i = i + 1u) { s = s + ${W("r", "i")} * ${W("i", "j")}; }`,
      "      s = s * tau;",
      `      ${W("r", "h")} = ${W("r", "h")} - s;`,
      `      for (var i = h + 1u; i < ${n}u; i = i + 1u) { ${W("r", "i")} = ${W("r", "i")} - s * ${W("i", "j")}; }`,
      "    }",
      "  }",
      `  ${SYNC}`,
      "  if (tau != 0.0) {",
      `    for (var c = h + lid; c < ${n}u; c = c + ${wg}u) {`,
      `      var s = ${W("h", "c")};`,
      `      for (var i = h + 1u; i < ${n}u; i = i + 1u) { s = s + ${W("i", "j")} * ${W("i", "c")}; }`,
      "      s = s * tau;",
      `      ${W("h", "c")} = ${W("h", "c")} - s;`,
      `      for (var i = h + 1u; i < ${n}u; i = i + 1u) { ${W("i", "c")} = ${W("i", "c")} - s * ${W("i", "j")}; }`,
      "    }",
      "  }",
      `  ${SYNC}`,
      "}",
    ],
    reflectorDecls(wg),
  );
  dispatchMatrices(b, code, batch, [x, w, taus]);
  return [w, taus];
}
