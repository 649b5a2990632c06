// cholesky, triangular_solve and lu on the webgpu backend: right-looking
// factorizations, one workgroup per matrix working in its output buffer
// (column j: the pivot, the column scaled, the trailing matrix updated, each
// step a barrier apart); past ONE_WORKGROUP_MAX the same steps as
// dispatches per column. triangular_solve gives a workgroup to each
// right-hand side. Results follow the reference kernels (src/backend/js/linalg.ts):
// a Cholesky factor of NaNs where the matrix is not positive definite, LU's
// pivot the first row of largest magnitude (getrf's), in float32 throughout.
import type { ShapedArray } from "../../core/aval.ts";
import { prod } from "../../core/shape.ts";
import type { TriangularSolveParams } from "../../lax/linalg.ts";
import type { GpuBuf, WebGpuBackend } from "./backend.ts";
import { ONE_WORKGROUP_MAX, SYNC, argmaxTree, dispatchMatrices, gridKernel, matrixKernel, workgroupFor } from "./linalg_wgsl.ts";

export function runCholesky(b: WebGpuBackend, x: GpuBuf, batch: number, n: number, outAval: ShapedArray): GpuBuf {
  const out = b.alloc(outAval);
  if (n > ONE_WORKGROUP_MAX) {
    choleskyByColumns(b, x, out, batch, n);
    return out;
  }
  const wg = workgroupFor(n);
  const code = matrixKernel(
    [
      { name: "a", type: "f32" },
      { name: "l", type: "f32", write: true },
    ],
    wg,
    batch,
    [
      `let base = g * ${n * n}u;`,
      // The lower triangle (potrf reads only it), zeros above.
      `for (var e = lid; e < ${n * n}u; e = e + ${wg}u) { l[base + e] = select(0.0, a[base + e], e % ${n}u <= e / ${n}u); }`,
      SYNC,
      "var ok = true;",
      `for (var j = 0u; j < ${n}u; j = j + 1u) {`,
      `  let d = l[base + j * ${n + 1}u];`,
      "  if (!(d > 0.0)) { ok = false; }",
      "  let r = sqrt(d);",
      // Everyone has read the diagonal before it is replaced.
      `  ${SYNC}`,
      `  for (var i = j + 1u + lid; i < ${n}u; i = i + ${wg}u) { l[base + i * ${n}u + j] = l[base + i * ${n}u + j] / r; }`,
      `  if (lid == 0u) { l[base + j * ${n + 1}u] = r; }`,
      `  ${SYNC}`,
      `  let t = ${Math.max(n - 1, 0)}u - j;`,
      `  for (var e = lid; e < t * t; e = e + ${wg}u) {`,
      "    let i = j + 1u + e / t;",
      "    let k = j + 1u + e % t;",
      `    if (k <= i) { l[base + i * ${n}u + k] = l[base + i * ${n}u + k] - l[base + i * ${n}u + j] * l[base + k * ${n}u + j]; }`,
      "  }",
      `  ${SYNC}`,
      "}",
      `if (!ok) { for (var e = lid; e < ${n * n}u; e = e + ${wg}u) { l[base + e] = bitcast<f32>(NAN_BITS); } }`,
    ],
  );
  dispatchMatrices(b, code, batch, [x, out]);
  return out;
}

/**
 * op(A) X = B (left side) or X op(A) = B: each vector of B (a column on the
 * left, a row on the right) is solved by its own workgroup as M x = b with M
 * = op(A) or op(A)^T, by substitution in the order M's triangle allows.
 */
export function runTriangularSolve(
  b: WebGpuBackend,
  a: GpuBuf,
  rhs: GpuBuf,
  bAval: ShapedArray,
  p: TriangularSolveParams,
  outAval: ShapedArray,
): GpuBuf {
  const out = b.alloc(outAval);
  if (outAval.size === 0) return out;
  const nd = bAval.ndim;
  const [rows, cols] = [bAval.shape[nd - 2], bAval.shape[nd - 1]];
  const batch = prod(bAval.shape.slice(0, -2));
  const left = p.left_side;
  const m = left ? rows : cols;
  const nVec = left ? cols : rows;
  const flip = p.transpose_a !== !left;
  const mLower = p.lower !== flip;
  const wg = m <= 32 ? 32 : 64;
  // M[i][j] and element i of this workgroup's vector.
  const at = (i: string, j: string) => (flip ? `a[abase + (${j}) * ${m}u + (${i})]` : `a[abase + (${i}) * ${m}u + (${j})]`);
  const idx = (i: string) => (left ? `bbase + (${i}) * ${cols}u + v` : `bbase + v * ${cols}u + (${i})`);
  const code = matrixKernel(
    [
      { name: "a", type: "f32" },
      { name: "rhs", type: "f32" },
      { name: "out", type: "f32", write: true },
    ],
    wg,
    batch * nVec,
    [
      `let bi = g / ${nVec}u;`,
      `let v = g % ${nVec}u;`,
      `let abase = bi * ${m * m}u;`,
      `let bbase = bi * ${rows * cols}u;`,
      `for (var i = lid; i < ${m}u; i = i + ${wg}u) { out[${idx("i")}] = rhs[${idx("i")}]; }`,
      SYNC,
      `for (var s = 0u; s < ${m}u; s = s + 1u) {`,
      `  let i = ${mLower ? "s" : `${m - 1}u - s`};`,
      `  let xi = out[${idx("i")}]${p.unit_diagonal ? "" : ` / ${at("i", "i")}`};`,
      `  ${SYNC}`,
      `  if (lid == 0u) { out[${idx("i")}] = xi; }`,
      mLower
        ? `  for (var k = i + 1u + lid; k < ${m}u; k = k + ${wg}u) { out[${idx("k")}] = out[${idx("k")}] - ${at("k", "i")} * xi; }`
        : `  for (var k = lid; k < i; k = k + ${wg}u) { out[${idx("k")}] = out[${idx("k")}] - ${at("k", "i")} * xi; }`,
      `  ${SYNC}`,
      "}",
    ],
  );
  dispatchMatrices(b, code, batch * nVec, [a, rhs, out]);
  return out;
}

/** Cholesky of larger matrices: per column a workgroup per matrix (pivot, column), then the trailing update over every element. */
function choleskyByColumns(b: WebGpuBackend, x: GpuBuf, out: GpuBuf, batch: number, n: number): void {
  const nn = n * n;
  const wg = workgroupFor(n);
  const fail = b.allocWords(batch);
  const init = gridKernel(
    [
      { name: "a", type: "f32" },
      { name: "l", type: "f32", write: true },
      { name: "fail", type: "u32", write: true },
    ],
    `${batch * nn}u`,
    [`let e = p % ${nn}u;`, `l[p] = select(0.0, a[p], e % ${n}u <= e / ${n}u);`, `if (e == 0u) { fail[p / ${nn}u] = 0u; }`],
  );
  const column = matrixKernel(
    [
      { name: "l", type: "f32", write: true },
      { name: "fail", type: "u32", write: true },
      { name: "prm", type: "u32" },
    ],
    wg,
    batch,
    [
      `let base = g * ${nn}u;`,
      "let j = prm[0];",
      `let d = l[base + j * ${n + 1}u];`,
      "if (!(d > 0.0) && lid == 0u) { fail[g] = 1u; }",
      "let r = sqrt(d);",
      SYNC,
      `for (var i = j + 1u + lid; i < ${n}u; i = i + ${wg}u) { l[base + i * ${n}u + j] = l[base + i * ${n}u + j] / r; }`,
      `if (lid == 0u) { l[base + j * ${n + 1}u] = r; }`,
    ],
  );
  const update = gridKernel(
    [
      { name: "l", type: "f32", write: true },
      { name: "prm", type: "u32" },
    ],
    `${batch}u * (${n - 1}u - prm[0]) * (${n - 1}u - prm[0])`,
    [
      "let j = prm[0];",
      `let t = ${n - 1}u - j;`,
      "let e = p % (t * t);",
      "let i = j + 1u + e / t;",
      "let k = j + 1u + e % t;",
      `let base = (p / (t * t)) * ${nn}u;`,
      `if (k <= i) { l[base + i * ${n}u + k] = l[base + i * ${n}u + k] - l[base + i * ${n}u + j] * l[base + k * ${n}u + j]; }`,
    ],
  );
  const finish = gridKernel(
    [
      { name: "fail", type: "u32" },
      { name: "l", type: "f32", write: true },
    ],
    `${batch * nn}u`,
    [`if (fail[p / ${nn}u] != 0u) { l[p] = bitcast<f32>(NAN_BITS); }`],
  );
  b.dispatch(init, batch * nn, [x, out, fail]);
  for (let j = 0; j < n; j++) {
    const t = n - 1 - j;
    const prm = b.constWords(j);
    dispatchMatrices(b, column, batch, [out, fail, prm]);
    b.dispatch(update, batch * t * t, [out, prm]);
  }
  b.dispatch(finish, batch * nn, [fail, out]);
  b.freeWords(fail);
}

/**
 * One column `c` of LU, in a workgroup per matrix: the pivot (the first row
 * of largest magnitude at or below c; NaNs below never win, as isamax's
 * strict >), recorded in piv and perm, the rows swapped, the column scaled.
 */
function luPivotLines(m: number, n: number, k: number, wg: number): string[] {
  return [
    "var best = -1.0;",
    `var at = ${m}u;`,
    `for (var i = c + lid; i < ${m}u; i = i + ${wg}u) {`,
    `  let v = abs(lu[base + i * ${n}u + c]);`,
    "  if (!is_nan(v) && v > best) { best = v; at = i; }",
    "}",
    "red_v[lid] = best;",
    "red_i[lid] = at;",
    ...argmaxTree(wg),
    "if (lid == 0u) {",
    "  var pr = red_i[0];",
    `  if (pr >= ${m}u || is_nan(lu[base + c * ${n + 1}u])) { pr = c; }`,
    `  piv[g * ${k}u + c] = i32(pr);`,
    `  let t = perm[g * ${m}u + c];`,
    `  perm[g * ${m}u + c] = perm[g * ${m}u + pr];`,
    `  perm[g * ${m}u + pr] = t;`,
    "  pivot = pr;",
    "}",
    SYNC,
    "let pr = pivot;",
    "if (pr != c) {",
    `  for (var j = lid; j < ${n}u; j = j + ${wg}u) {`,
    `    let t = lu[base + c * ${n}u + j];`,
    `    lu[base + c * ${n}u + j] = lu[base + pr * ${n}u + j];`,
    `    lu[base + pr * ${n}u + j] = t;`,
    "  }",
    "}",
    SYNC,
    `let d = lu[base + c * ${n + 1}u];`,
    `if (d != 0.0) { for (var i = c + 1u + lid; i < ${m}u; i = i + ${wg}u) { lu[base + i * ${n}u + c] = lu[base + i * ${n}u + c] / d; } }`,
  ];
}

const luDecls = (wg: number) => [
  `var<workgroup> red_v: array<f32, ${wg}>;`,
  `var<workgroup> red_i: array<u32, ${wg}>;`,
  "var<workgroup> pivot: u32;",
];

/** LU with partial pivoting: [lu, pivots, permutation] as lax.linalg.lu gives them. */
export function runLu(b: WebGpuBackend, x: GpuBuf, batch: number, m: number, n: number, outAvals: readonly ShapedArray[]): GpuBuf[] {
  const [lu, piv, perm] = outAvals.map((o) => b.alloc(o));
  const k = Math.min(m, n);
  const wg = workgroupFor(Math.max(m, n));
  const factors = [
    { name: "lu", type: "f32" as const, write: true },
    { name: "piv", type: "i32" as const, write: true },
    { name: "perm", type: "i32" as const, write: true },
  ];
  if (k > 0 && Math.max(m, n) > ONE_WORKGROUP_MAX) {
    const init = gridKernel([{ name: "a", type: "f32" }, factors[0], factors[2]], `${batch * m * n}u`, [
      "lu[p] = a[p];",
      `let e = p % ${m * n}u;`,
      `if (e < ${m}u) { perm[(p / ${m * n}u) * ${m}u + e] = i32(e); }`,
    ]);
    const column = matrixKernel(
      [...factors, { name: "prm", type: "u32" }],
      wg,
      batch,
      [`let base = g * ${m * n}u;`, "let c = prm[0];", ...luPivotLines(m, n, k, wg)],
      luDecls(wg),
    );
    const update = gridKernel(
      [
        { name: "lu", type: "f32", write: true },
        { name: "prm", type: "u32" },
      ],
      `${batch}u * (${m - 1}u - prm[0]) * (${n - 1}u - prm[0])`,
      [
        "let c = prm[0];",
        `let h = ${m - 1}u - c;`,
        `let w = ${n - 1}u - c;`,
        "let e = p % (h * w);",
        `let base = (p / (h * w)) * ${m * n}u;`,
        "let i = c + 1u + e / w;",
        "let j = c + 1u + e % w;",
        `let f = lu[base + i * ${n}u + c];`,
        `if (f != 0.0) { lu[base + i * ${n}u + j] = lu[base + i * ${n}u + j] - f * lu[base + c * ${n}u + j]; }`,
      ],
    );
    b.dispatch(init, batch * m * n, [x, lu, perm]);
    for (let c = 0; c < k; c++) {
      const points = batch * (m - 1 - c) * (n - 1 - c);
      const prm = b.constWords(c);
      dispatchMatrices(b, column, batch, [lu, piv, perm, prm]);
      b.dispatch(update, points, [lu, prm]);
    }
    return [lu, piv, perm];
  }
  const code = matrixKernel(
    [{ name: "a", type: "f32" }, ...factors],
    wg,
    batch,
    [
      `let base = g * ${m * n}u;`,
      `for (var e = lid; e < ${m * n}u; e = e + ${wg}u) { lu[base + e] = a[base + e]; }`,
      `for (var i = lid; i < ${m}u; i = i + ${wg}u) { perm[g * ${m}u + i] = i32(i); }`,
      SYNC,
      `for (var c = 0u; c < ${k}u; c = c + 1u) {`,
      ...luPivotLines(m, n, k, wg).map((l) => `  ${l}`),
      `  ${SYNC}`,
      `  let h = ${Math.max(m - 1, 0)}u - c;`,
      `  let w = ${Math.max(n - 1, 0)}u - c;`,
      `  for (var e = lid; e < h * w; e = e + ${wg}u) {`,
      "    let i = c + 1u + e / w;",
      "    let j = c + 1u + e % w;",
      `    let f = lu[base + i * ${n}u + c];`,
      `    if (f != 0.0) { lu[base + i * ${n}u + j] = lu[base + i * ${n}u + j] - f * lu[base + c * ${n}u + j]; }`,
      "  }",
      `  ${SYNC}`,
      "}",
    ],
    luDecls(wg),
  );
  dispatchMatrices(b, code, batch, [x, lu, piv, perm]);
  return [lu, piv, perm];
}
