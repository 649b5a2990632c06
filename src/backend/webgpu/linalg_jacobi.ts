// eigh and svd on the webgpu backend by Jacobi rotations, one workgroup per
// matrix. The pairs of a sweep are scheduled round-robin (the chess
// tournament order: n/2 disjoint pairs per round, n-1 rounds), so a round's
// rotations run in parallel.
//   eigh: two-sided Jacobi on the symmetric matrix (from the triangle named
//     by `lower`), sweeps until the off-diagonal mass is at float32's noise
//     floor; eigenvalues ascending, vectors in the columns of v.
//   svd: one-sided Jacobi (Hestenes) on the tall one of a and a^T: columns
//     rotated until pairwise orthogonal (a few invocations per pair sharing
//     its dot products and rotation); their norms are the singular values
//     (descending). The normalized columns are completed to an orthonormal
//     basis (full_matrices, or zero singular values) by a Householder QR of
//     them (linalg_qr.ts): the trailing columns of that Q are orthogonal to
//     the leading ones.
// Eigen- and singular vectors are unique up to sign (and a basis within
// repeated values): they satisfy the decompositions, not LAPACK's signs.
import type { ShapedArray } from "../../core/aval.ts";
import type { GpuBuf, WebGpuBackend } from "./backend.ts";
import { recordGeqrf, recordOrgqr } from "./linalg_qr.ts";
import { SYNC, dispatchMatrices, matrixKernel, workgroupFor } from "./linalg_wgsl.ts";

const MAX_SWEEPS = 30;

/** WGSL `pair(i, r)`: the i-th pair of round r among `players` (even) indices. */
function pairFn(players: number): string {
  const circle = players - 1;
  return [
    "fn pair(i: u32, r: u32) -> vec2u {",
    `  if (i == 0u) { return vec2u(0u, r % ${circle}u + 1u); }`,
    `  return vec2u((i + r) % ${circle}u + 1u, (${players - 1}u - i + r) % ${circle}u + 1u);`,
    "}",
  ].join("\n");
}

export function runEigh(b: WebGpuBackend, x: GpuBuf, batch: number, n: number, lower: boolean, outAvals: readonly ShapedArray[]): GpuBuf[] {
  const [v, w] = outAvals.map((o) => b.alloc(o));
  if (n === 0 || batch === 0) return [v, w];
  const players = n + (n % 2);
  const half = players / 2;
  const wg = workgroupFor(n);
  const nn = n * n;
  const scratch = 2 * nn + players;
  const A = (i: string, j: string) => `s[sb + (${i}) * ${n}u + (${j})]`;
  const V = (i: string, j: string) => `s[sb + ${nn}u + (${i}) * ${n}u + (${j})]`;
  const C = (i: string) => `s[sb + ${2 * nn}u + 2u * (${i})]`;
  const S = (i: string) => `s[sb + ${2 * nn}u + 2u * (${i}) + 1u]`;
  // Off-diagonal mass at float32's rounding level of the whole: converged.
  const tol = Math.max(1e-14, (n * 6e-8) ** 2);
  const sweeps =
    n < 2
      ? []
      : [
          `for (var sweep = 0u; sweep < ${MAX_SWEEPS}u; sweep = sweep + 1u) {`,
          `  for (var r = 0u; r < ${players - 1}u; r = r + 1u) {`,
          `    for (var i = lid; i < ${half}u; i = i + ${wg}u) {`,
          "      let pq = pair(i, r);",
          "      var c = 1.0;",
          "      var sn = 0.0;",
          `      if (pq.x < ${n}u && pq.y < ${n}u) {`,
          `        let apq = ${A("pq.x", "pq.y")};`,
          "        if (apq != 0.0) {",
          `          let theta = (${A("pq.y", "pq.y")} - ${A("pq.x", "pq.x")}) / (2.0 * apq);`,
          "          let at = abs(theta);",
          "          let h = select(sqrt(1.0 + at * at), at * sqrt(1.0 + 1.0 / (at * at)), at > 1.0);",
          "          let t = select(-1.0, 1.0, theta >= 0.0) / (at + h);",
          "          c = 1.0 / sqrt(t * t + 1.0);",
          "          sn = t * c;",
          "        }",
          "      }",
          `      ${C("i")} = c;`,
          `      ${S("i")} = sn;`,
          "    }",
          `    ${SYNC}`,
          // A <- A J and V <- V J (columns p, q of every row k), then A <- J^T A (rows p, q).
          ...rotate(half, n, wg, C, S, [
            [(x) => A("k", x), "a"],
            [(x) => V("k", x), "v"],
          ]),
          `    ${SYNC}`,
          ...rotate(half, n, wg, C, S, [[(x) => A(x, "k"), "a"]]),
          `    ${SYNC}`,
          "  }",
          "  var off = 0.0;",
          "  var all = 0.0;",
          `  for (var e = lid; e < ${nn}u; e = e + ${wg}u) {`,
          `    let y = s[sb + e] * s[sb + e];`,
          "    all = all + y;",
          `    if (e / ${n}u != e % ${n}u) { off = off + y; }`,
          "  }",
          "  red_a[lid] = off;",
          "  red_b[lid] = all;",
          "  workgroupBarrier();",
          `  for (var h = ${wg / 2}u; h > 0u; h = h >> 1u) {`,
          "    if (lid < h) { red_a[lid] = red_a[lid] + red_a[lid + h]; red_b[lid] = red_b[lid] + red_b[lid + h]; }",
          "    workgroupBarrier();",
          "  }",
          `  if (lid == 0u) { done = select(0u, 1u, red_a[0] <= red_b[0] * ${tol.toExponential(6)}); }`,
          "  if (workgroupUniformLoad(&done) == 1u) { break; }",
          "}",
        ];
  const code = matrixKernel(
    [
      { name: "a", type: "f32" },
      { name: "v", type: "f32", write: true },
      { name: "w", type: "f32", write: true },
      { name: "s", type: "f32", write: true },
    ],
    wg,
    batch,
    [
      `let base = g * ${nn}u;`,
      `let sb = g * ${scratch}u;`,
      `for (var e = lid; e < ${nn}u; e = e + ${wg}u) {`,
      `  let i = e / ${n}u;`,
      `  let j = e % ${n}u;`,
      `  let mine = ${lower ? "i >= j" : "i <= j"};`,
      `  ${A("i", "j")} = select(a[base + j * ${n}u + i], a[base + e], mine);`,
      `  ${V("i", "j")} = select(0.0, 1.0, i == j);`,
      "}",
      SYNC,
      ...sweeps,
      SYNC,
      // Ascending (NaN last, ties by index): each eigenpair to its rank.
      `for (var i = lid; i < ${n}u; i = i + ${wg}u) {`,
      `  let wi = ${A("i", "i")};`,
      "  var rank = 0u;",
      `  for (var j = 0u; j < ${n}u; j = j + 1u) {`,
      `    let wj = ${A("j", "j")};`,
      "    if (before(wj, wi) || (!before(wi, wj) && j < i)) { rank = rank + 1u; }",
      "  }",
      `  w[g * ${n}u + rank] = wi;`,
      `  for (var k = 0u; k < ${n}u; k = k + 1u) { v[base + k * ${n}u + rank] = ${V("k", "i")}; }`,
      "}",
    ],
    [
      n < 2 ? "" : pairFn(players),
      "fn before(x: f32, y: f32) -> bool { if (is_nan(x) || is_nan(y)) { return !is_nan(x) && is_nan(y); } return x < y; }",
      `var<workgroup> red_a: array<f32, ${wg}>;`,
      `var<workgroup> red_b: array<f32, ${wg}>;`,
      "var<workgroup> done: u32;",
    ],
  );
  const s = b.allocWords(batch * scratch);
  dispatchMatrices(b, code, batch, [x, v, w, s]);
  b.freeWords(s);
  return [v, w];
}

/** svd's outputs: [s] or [s, u, vt], as svd_p gives them. */
export function runSvd(
  b: WebGpuBackend,
  x: GpuBuf,
  batch: number,
  m: number,
  n: number,
  full: boolean,
  computeUv: boolean,
  outAvals: readonly ShapedArray[],
): GpuBuf[] {
  const outs = outAvals.map((o) => b.alloc(o));
  if (batch === 0) return outs;
  const tall = m >= n;
  const [M, N] = tall ? [m, n] : [n, m];
  const players = N + (N % 2);
  const half = players / 2;
  const wg = workgroupFor(Math.max(N, 2) * 4);
  // Scratch per matrix: the rotated columns W (column-major), the rotations Y
  // (column-major), the norms; the normalized sorted columns X (row-major) apart.
  const mn = M * N;
  const scratch = mn + N * N + N;
  const W = (c: string, i: string) => `t[tb + (${c}) * ${M}u + (${i})]`;
  const Y = (c: string, i: string) => `t[tb + ${mn}u + (${c}) * ${N}u + (${i})]`;
  const X = (i: string, c: string) => `xc[g * ${mn}u + (${i}) * ${N}u + (${c})]`;
  const NORM = (c: string) => `t[tb + ${mn + N * N}u + (${c})]`;
  // Columns whose cosine is within rounding of a length-M dot product count as orthogonal.
  const tol = Math.max(1, Math.sqrt(M)) * 2.4e-7;
  // T invocations per column pair share its dot products and rotation (a power of two, up to 64).
  let T = 1;
  while (T < 64 && 2 * T * half <= wg) T *= 2;
  const groups = wg / T;
  const sweeps =
    N < 2
      ? []
      : [
          `for (var sweep = 0u; sweep < ${MAX_SWEEPS}u; sweep = sweep + 1u) {`,
          "  var rotated = 0u;",
          `  for (var r = 0u; r < ${players - 1}u; r = r + 1u) {`,
          `    for (var i0 = 0u; i0 < ${half}u; i0 = i0 + ${groups}u) {`,
          `      let i = i0 + lid / ${T}u;`,
          `      let lane = lid % ${T}u;`,
          `      let pq = pair(min(i, ${half - 1}u), r);`,
          `      let live = i < ${half}u && pq.x < ${N}u && pq.y < ${N}u;`,
          "      var al = 0.0;",
          "      var be = 0.0;",
          "      var ga = 0.0;",
          "      if (live) {",
          `        for (var k = lane; k < ${M}u; k = k + ${T}u) {`,
          `          let xp = ${W("pq.x", "k")};`,
          `          let xq = ${W("pq.y", "k")};`,
          "          al = al + xp * xp;",
          "          be = be + xq * xq;",
          "          ga = ga + xp * xq;",
          "        }",
          "      }",
          "      red_a[lid] = al;",
          "      red_b[lid] = be;",
          "      red_c[lid] = ga;",
          "      workgroupBarrier();",
          // Every lane of the pair sums the partials in the same order, so all agree on the rotation.
          "      al = 0.0;",
          "      be = 0.0;",
          "      ga = 0.0;",
          `      for (var l = lid - lane; l < lid - lane + ${T}u; l = l + 1u) { al = al + red_a[l]; be = be + red_b[l]; ga = ga + red_c[l]; }`,
          "      workgroupBarrier();",
          `      if (live && ga != 0.0 && abs(ga) > ${tol.toExponential(6)} * sqrt(al) * sqrt(be)) {`,
          "        if (lane == 0u) { rotated = 1u; }",
          "        let zeta = (be - al) / (2.0 * ga);",
          "        let az = abs(zeta);",
          "        let h = select(sqrt(1.0 + az * az), az * sqrt(1.0 + 1.0 / (az * az)), az > 1.0);",
          "        let tn = select(-1.0, 1.0, zeta >= 0.0) / (az + h);",
          "        let c = 1.0 / sqrt(1.0 + tn * tn);",
          "        let sn = c * tn;",
          `        for (var k = lane; k < ${M}u; k = k + ${T}u) {`,
          `          let xp = ${W("pq.x", "k")};`,
          `          let xq = ${W("pq.y", "k")};`,
          `          ${W("pq.x", "k")} = c * xp - sn * xq;`,
          `          ${W("pq.y", "k")} = sn * xp + c * xq;`,
          "        }",
          `        for (var k = lane; k < ${N}u; k = k + ${T}u) {`,
          `          let yp = ${Y("pq.x", "k")};`,
          `          let yq = ${Y("pq.y", "k")};`,
          `          ${Y("pq.x", "k")} = c * yp - sn * yq;`,
          `          ${Y("pq.y", "k")} = sn * yp + c * yq;`,
          "        }",
          "      }",
          "    }",
          `    ${SYNC}`,
          "  }",
          "  flags[lid] = rotated;",
          "  workgroupBarrier();",
          "  if (lid == 0u) {",
          "    var any = 0u;",
          `    for (var i = 0u; i < ${wg}u; i = i + 1u) { any = any | flags[i]; }`,
          "    more = any;",
          "  }",
          "  if (workgroupUniformLoad(&more) == 0u) { break; }",
          "}",
        ];
  // The tall matrix's side: u's columns (tall) or vt's rows (wide) come from Y.
  const ySide = tall
    ? (k: string, rank: string) => `y[yb + (${rank}) * ${N}u + (${k})]`
    : (k: string, rank: string) => `y[yb + (${k}) * ${N}u + (${rank})]`;
  const code = matrixKernel(
    [
      { name: "a", type: "f32" },
      { name: "sv", type: "f32", write: true },
      { name: "y", type: "f32", write: true },
      { name: "t", type: "f32", write: true },
      { name: "xc", type: "f32", write: true },
    ],
    wg,
    batch,
    [
      `let ab = g * ${m * n}u;`,
      `let tb = g * ${scratch}u;`,
      `let yb = g * ${N * N}u;`,
      `for (var e = lid; e < ${mn}u; e = e + ${wg}u) {`,
      `  let c = e / ${M}u;`,
      `  let i = e % ${M}u;`,
      `  ${W("c", "i")} = a[ab + ${tall ? `i * ${n}u + c` : `c * ${n}u + i`}];`,
      "}",
      `for (var e = lid; e < ${N * N}u; e = e + ${wg}u) { t[tb + ${mn}u + e] = select(0.0, 1.0, e / ${N}u == e % ${N}u); }`,
      SYNC,
      ...sweeps,
      SYNC,
      `for (var c = lid; c < ${N}u; c = c + ${wg}u) {`,
      "  var q = 0.0;",
      `  for (var k = 0u; k < ${M}u; k = k + 1u) { q = q + ${W("c", "k")} * ${W("c", "k")}; }`,
      `  ${NORM("c")} = sqrt(q);`,
      "}",
      SYNC,
      // Descending (NaN first, ties by index): each column to its rank.
      `for (var c = lid; c < ${N}u; c = c + ${wg}u) {`,
      `  let nc = ${NORM("c")};`,
      "  var rank = 0u;",
      `  for (var d = 0u; d < ${N}u; d = d + 1u) {`,
      `    let nd = ${NORM("d")};`,
      "    if (above(nd, nc) || (!above(nc, nd) && d < c)) { rank = rank + 1u; }",
      "  }",
      `  sv[g * ${N}u + rank] = nc;`,
      "  let inv = select(0.0, 1.0 / nc, nc > 0.0);",
      `  for (var k = 0u; k < ${M}u; k = k + 1u) { ${X("k", "rank")} = ${W("c", "k")} * inv; }`,
      `  for (var k = 0u; k < ${N}u; k = k + 1u) { ${ySide("k", "rank")} = ${Y("c", "k")}; }`,
      "}",
    ],
    [
      N < 2 ? "" : pairFn(players),
      "fn above(x: f32, y: f32) -> bool { if (is_nan(x) || is_nan(y)) { return is_nan(x) && !is_nan(y); } return x > y; }",
      `var<workgroup> flags: array<u32, ${wg}>;`,
      `var<workgroup> red_a: array<f32, ${wg}>;`,
      `var<workgroup> red_b: array<f32, ${wg}>;`,
      `var<workgroup> red_c: array<f32, ${wg}>;`,
      "var<workgroup> more: u32;",
    ],
  );
  const t = b.allocWords(batch * scratch);
  const [s, u, vt] = outs;
  const y = computeUv ? (tall ? vt : u) : b.allocWords(batch * N * N);
  const xCols = b.allocWords(batch * mn);
  dispatchMatrices(b, code, batch, [x, s, y, t, xCols]);
  b.freeWords(t);
  if (!computeUv) {
    b.freeWords(y);
    b.freeWords(xCols);
    return outs;
  }
  // Complete the normalized columns: Q of their QR, its column j wherever column j is zero.
  const ku = full ? M : N;
  const packed = b.allocWords(batch * mn);
  const taus = b.allocWords(batch * N);
  const q = b.allocWords(batch * M * ku);
  recordGeqrf(b, xCols, packed, taus, batch, M, N);
  recordOrgqr(b, packed, taus, q, null, batch, M, N, N, ku);
  const wgp = workgroupFor(M);
  const pick = matrixKernel(
    [
      { name: "xc", type: "f32" },
      { name: "q", type: "f32" },
      { name: "sv", type: "f32" },
      { name: "out", type: "f32", write: true },
    ],
    wgp,
    batch,
    [
      `for (var e = lid; e < ${M * ku}u; e = e + ${wgp}u) {`,
      `  let i = e / ${ku}u;`,
      `  let j = e % ${ku}u;`,
      `  var v = q[g * ${M * ku}u + e];`,
      `  if (j < ${N}u) { if (sv[g * ${N}u + j] > 0.0) { v = xc[g * ${mn}u + i * ${N}u + j]; } }`,
      `  out[g * ${M * ku}u + ${tall ? "e" : `j * ${M}u + i`}] = v;`,
      "}",
    ],
  );
  dispatchMatrices(b, pick, batch, [xCols, q, s, tall ? u : vt]);
  for (const f of [xCols, packed, taus, q]) b.freeWords(f);
  return outs;
}

/**
 * WGSL lines applying each round's rotations (cosine C(i), sine S(i) of pair
 * i) to the element pairs `at(pq.x)`, `at(pq.y)` of every k < n, for each
 * accessor given (a prefix names its temporaries).
 */
function rotate(
  half: number,
  n: number,
  wg: number,
  C: (i: string) => string,
  S: (i: string) => string,
  targets: Array<[at: (index: string) => string, prefix: string]>,
): string[] {
  return [
    `    for (var e = lid; e < ${half * n}u; e = e + ${wg}u) {`,
    `      let i = e / ${n}u;`,
    `      let k = e % ${n}u;`,
    "      let pq = pair(i, r);",
    `      if (pq.x < ${n}u && pq.y < ${n}u) {`,
    `        let c = ${C("i")};`,
    `        let sn = ${S("i")};`,
    ...targets.flatMap(([at, t]) => [
      `        let ${t}p = ${at("pq.x")};`,
      `        let ${t}q = ${at("pq.y")};`,
      `        ${at("pq.x")} = c * ${t}p - sn * ${t}q;`,
      `        ${at("pq.y")} = sn * ${t}p + c * ${t}q;`,
    ]),
    "      }",
    "    }",
  ];
}
