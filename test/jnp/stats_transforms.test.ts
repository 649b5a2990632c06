// Transformations of jnp's statistics, searching, set, signal and polynomial
// functions: gradients against finite differences (where JAX defines them),
// vmap against a loop, the size= forms under jit, and wasm against js.
import assert from "node:assert/strict";
import { test } from "node:test";
import { grad, jit, jnp, lax, vmap, type NDArray } from "../../src/index.ts";
import { agree, rand } from "../helpers/backends.ts";
import { assertClose, checkGrads } from "../helpers/check_grads.ts";

type F = (...xs: NDArray[]) => NDArray;
const withNan = (x: NDArray): NDArray => x.at(1).set(NaN).at(5).set(NaN);

test("gradients of order statistics and nan-reductions match finite differences", () => {
  const x = rand([3, 5], 1);
  const cases: Array<[string, F]> = [
    ["median", (a) => jnp.median(a, 1)],
    ["median all", (a) => jnp.median(a)],
    ["quantile linear", (a) => jnp.quantile(a, jnp.array([0.2, 0.7]), 1)],
    ["percentile midpoint", (a) => jnp.percentile(a, 30, 0, { method: "midpoint" })],
    ["nanquantile", (a) => jnp.nanquantile(withNan(a.reshape([15])), 0.4)],
    ["nanmedian", (a) => jnp.nanmedian(withNan(a.reshape([15])))],
    ["nansum", (a) => jnp.nansum(withNan(a.reshape([15])))],
    ["nanprod", (a) => jnp.nanprod(withNan(a.reshape([15])).mul(0.5))],
    ["nanmean", (a) => jnp.nanmean(withNan(a.reshape([15])))],
    ["nanvar", (a) => jnp.nanvar(withNan(a.reshape([15])), 0, { ddof: 1 })],
    ["nanstd", (a) => jnp.nanstd(a, 1)],
    ["nanmax", (a) => jnp.nanmax(withNan(a.reshape([15])))],
    ["nanmin", (a) => jnp.nanmin(a, 0)],
    ["nancumsum", (a) => jnp.nancumsum(withNan(a.reshape([15])))],
    ["cov", (a) => jnp.cov(a)],
    ["corrcoef", (a) => jnp.corrcoef(a)],
  ];
  for (const [name, f] of cases) {
    try {
      checkGrads(f, [x], { rtol: 1e-4, atol: 1e-5 });
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  }
});

test("gradients of interp, convolve, correlate, cross, kron, diff, gradient, trapezoid, polyval match finite differences", () => {
  const xp = jnp.array([0, 1, 2.5, 4, 6]);
  const xq = jnp.array([-0.5, 0.3, 1.7, 3.1, 5.2, 6.5]);
  const cases: Array<[string, F, NDArray[]]> = [
    ["interp wrt fp", (fp) => jnp.interp(xq, xp, fp), [rand([5], 2)]],
    ["interp wrt x", (x) => jnp.interp(x, xp, rand([5], 2)), [xq]],
    ["interp period", (fp) => jnp.interp(xq, xp, fp, { period: 5 }), [rand([5], 2)]],
    ["convolve", (a, v) => jnp.convolve(a, v), [rand([6], 3), rand([3], 4)]],
    ["convolve same", (a, v) => jnp.convolve(a, v, { mode: "same" }), [rand([6], 3), rand([4], 4)]],
    ["correlate full", (a, v) => jnp.correlate(a, v, { mode: "full" }), [rand([3], 5), rand([5], 6)]],
    ["cross", (a, b) => jnp.cross(a, b), [rand([4, 3], 7), rand([4, 3], 8)]],
    ["kron", (a, b) => jnp.kron(a, b), [rand([2, 3], 9), rand([3, 2], 10)]],
    ["diff", (a) => jnp.diff(a, { n: 2, axis: 0, prepend: 1 }), [rand([4, 3], 11)]],
    ["gradient", (a) => jnp.gradient(a, jnp.array([0, 0.5, 1.5, 2, 3]), { axis: 1 }) as NDArray, [rand([2, 5], 12)]],
    ["trapezoid", (y, x) => jnp.trapezoid(y, { x }), [rand([2, 4], 13), jnp.array([0, 1, 1.5, 3])]],
    ["polyval", (p, x) => jnp.polyval(p, x), [rand([4], 14), rand([3], 15)]],
    ["polymul", (a, b) => jnp.polymul(a, b), [rand([3], 16), rand([2], 17)]],
    ["polydiv", (a, b) => jnp.polydiv(a, b)[0], [rand([4], 18), jnp.array([1.5, 0.5])]],
  ];
  for (const [name, f, args] of cases) {
    try {
      checkGrads(f, args, { rtol: 1e-4, atol: 1e-5 });
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  }
});

test("grad of median picks the middle elements, as JAX's", () => {
  const g = grad((a: NDArray) => jnp.median(a))(jnp.array([3, 1, 4, 1.5])) as NDArray;
  assertClose(g, [0.5, 0, 0, 0.5]);
  const gn = grad((a: NDArray) => jnp.nanmean(a))(jnp.array([1, NaN, 3])) as NDArray;
  assertClose(gn, [0.5, 0, 0.5]);
});

function vmapMatchesLoop(name: string, f: F, xs: NDArray[]): void {
  const viaVmap = vmap(f)(...xs) as NDArray;
  const rows = Array.from({ length: xs[0].shape[0] }, (_, i) => f(...xs.map((x) => x.get(i))));
  assertClose(viaVmap, jnp.stack(rows), 1e-5, 1e-6, `${name}: vmap vs loop`);
}

test("vmap matches a loop", () => {
  const x = rand([4, 7], 21);
  const ints = jnp.array(
    [
      [0, 2, 2, 1, 0],
      [3, 3, 3, 1, 4],
      [0, 0, 0, 0, 0],
    ],
    { dtype: "int32" },
  );
  vmapMatchesLoop("median", (a) => jnp.median(a), [x]);
  vmapMatchesLoop("quantile", (a) => jnp.quantile(a, jnp.array([0.1, 0.9]), null, { method: "nearest" }), [x]);
  vmapMatchesLoop("nanmean", (a) => jnp.nanmean(withNan(a)), [x]);
  vmapMatchesLoop("nanargmax", (a) => jnp.nanargmax(withNan(a)), [x]);
  vmapMatchesLoop("interp", (a) => jnp.interp(a, jnp.array([-1, 0, 1]), jnp.array([2, 0, 5])), [x]);
  vmapMatchesLoop("convolve", (a) => jnp.convolve(a, jnp.array([1, -2, 0.5])), [x]);
  vmapMatchesLoop("searchsorted", (a) => jnp.searchsorted(jnp.array([-1, 0, 0.5, 1]), a, { side: "right" }), [x]);
  vmapMatchesLoop("digitize", (a) => jnp.digitize(a, jnp.array([1, 0.5, 0, -1])), [x]);
  vmapMatchesLoop("histogram", (a) => jnp.histogram(a, { bins: 4, range: [-2, 2] })[0], [x]);
  vmapMatchesLoop("cross", (a, b) => jnp.cross(a, b), [rand([4, 3], 22), rand([4, 3], 23)]);
  vmapMatchesLoop("nonzero size", (a) => jnp.nonzero(a, { size: 4, fillValue: -1 })[0], [ints]);
  vmapMatchesLoop("argwhere size", (a) => jnp.argwhere(a, { size: 3 }), [ints]);
  vmapMatchesLoop("unique size", (a) => jnp.unique(a, { size: 4, fillValue: 9 }) as NDArray, [ints]);
  vmapMatchesLoop("unique counts", (a) => (jnp.unique(a, { size: 4, returnCounts: true }) as NDArray[])[1], [ints]);
  vmapMatchesLoop("bincount", (a) => jnp.bincount(a, { length: 5 }), [ints]);
  vmapMatchesLoop("isin", (a) => jnp.isin(a, jnp.array([1, 3], { dtype: "int32" })), [ints]);
  vmapMatchesLoop("setdiff1d", (a) => jnp.setdiff1d(a, jnp.array([1, 3], { dtype: "int32" }), { size: 3, fillValue: -1 }), [ints]);
  vmapMatchesLoop("intersect1d", (a) => jnp.intersect1d(a, jnp.array([0, 3], { dtype: "int32" }), { size: 2 }) as NDArray, [ints]);
  vmapMatchesLoop("lexsort", (a) => jnp.lexsort([a, jnp.array([1, 0, 1, 0, 1], { dtype: "int32" })]), [ints]);
  vmapMatchesLoop("partition", (a) => jnp.partition(a, 2), [x]);
  vmapMatchesLoop("polyval", (p) => jnp.polyval(p, jnp.array([0.5, 2])), [x]);
});

test("size= forms run under jit; value-dependent shapes throw ConcretizationTypeError there", () => {
  const x = jnp.array([0, 3, 0, 1, 3], { dtype: "int32" });
  const f = jit((a: NDArray) => jnp.unique(a, { size: 4, returnCounts: true, fillValue: -1 }) as NDArray[]);
  const [vals, counts] = f(x) as NDArray[];
  assert.deepEqual(vals.toArray(), [0, 1, 3, -1]);
  assert.deepEqual(counts.toArray(), [2, 1, 2, 0]);
  assert.deepEqual((jit((a: NDArray) => jnp.where(a, { size: 3 }))(x) as NDArray[])[0].toArray(), [1, 3, 4]);
  for (const g of [
    (a: NDArray) => jnp.unique(a) as NDArray,
    (a: NDArray) => jnp.nonzero(a)[0],
    (a: NDArray) => jnp.argwhere(a),
    (a: NDArray) => jnp.bincount(a),
    (a: NDArray) => jnp.union1d(a, a),
    (a: NDArray) => jnp.trimZeros(a),
  ]) {
    assert.throws(
      () => jit(g)(x),
      (e: Error) => e.name === "ConcretizationTypeError",
    );
  }
});

test("wasm agrees with js", () => {
  const x = rand([5, 6], 31);
  const xn = withNan(x.reshape([30])).reshape([5, 6]);
  agree("median", (a) => jnp.median(a, 1), [x]);
  agree("nanpercentile", (a) => jnp.nanpercentile(a, jnp.array([10, 50, 90]), 0), [xn]);
  agree("nanvar", (a) => jnp.nanvar(a, 1), [xn]);
  agree("interp", (a) => jnp.interp(a, jnp.array([-1, 0, 1]), jnp.array([2, 0, 5])), [x]);
  agree("convolve", (a) => jnp.convolve(a.reshape([30]), jnp.array([1, -2, 0.5]), { mode: "same" }), [x]);
  agree("histogram2d", (a) => jnp.histogram2d(a.get(0), a.get(1), { bins: 3 })[0], [x]);
  agree("cov", (a) => jnp.cov(a), [x]);
  agree("unique", (a) => jnp.unique(jnp.round(a), { size: 6, returnInverse: true }) as NDArray[], [x]);
  agree("setxor1d", (a) => jnp.setxor1d(jnp.round(a.get(0)), jnp.round(a.get(1)), { size: 6 }), [x]);
});

test("the positional axis may also come as an `axis` option; unknown options throw", () => {
  const x = jnp.array([
    [1, 5, 2],
    [4, 3, 9],
  ]);
  assertClose(jnp.median(x, { axis: 1 }), jnp.median(x, 1));
  assertClose(jnp.nanvar(x, { axis: 0, ddof: 1 }), jnp.nanvar(x, 0, { ddof: 1 }));
  assertClose(jnp.percentile(x, 30, { axis: 1, method: "higher" }), jnp.percentile(x, 30, 1, { method: "higher" }));
  assertClose(jnp.nanargmax(x, { axis: 1, keepdims: true }), [1, 2]);
  assert.throws(() => jnp.median(x, { axsi: 1 } as never), /unexpected option 'axsi'/);
  assert.throws(() => jnp.unique(x, { return_counts: true } as never), /did you mean 'returnCounts'/);
  assert.throws(() => jnp.histogram(x, { bin: 3 } as never), /unexpected option 'bin'/);
});

test("complex convolve and correlate match JAX (correlate conjugates v); quantile rejects complex", () => {
  const a = lax.complex(jnp.array([1, 2, 3]), jnp.array([1, 0, -1]));
  const v = lax.complex(jnp.array([0, 2]), jnp.array([1, 0]));
  // Values from JAX 0.10.2.
  const corr = jnp.correlate(a, v, { mode: "full" });
  assert.equal(corr.dtype, "complex64");
  assertClose(jnp.real(corr), [2, 5, 6, -1]);
  assertClose(jnp.imag(corr), [2, -1, -4, -3]);
  const conv = jnp.convolve(a, v);
  assertClose(jnp.real(conv), [-1, 2, 5, 6]);
  assertClose(jnp.imag(conv), [1, 4, 3, -2]);
  const mixed = jnp.correlate(jnp.array([1, 2, 3]), v, { mode: "full" });
  assertClose(jnp.real(mixed), [2, 4, 6, 0]);
  assertClose(jnp.imag(mixed), [0, -1, -2, -3]);
  assert.throws(() => jnp.quantile(a, 0.5), /does not support complex input/);
});
