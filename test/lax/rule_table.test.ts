// Which rules each primitive has, checked against the table below: adding a
// primitive, or adding or dropping one of its rules, is a decision recorded
// here, not an accident. abstractEval is required of every primitive.
//
// jvp:         forward-mode rule. Omitted only where the transforms never call
//              it: a primitive with no operands (iota), since jvp skips
//              primitives whose tangents are all symbolic zeros, as JAX does.
//              Non-differentiable primitives (comparisons, bitwise, integer
//              ops, argmax, bool reductions, bitcast) have a zero-tangent rule.
// transpose:   only primitives linear in some operand (reverse mode).
// batch:       vmap rule. Omitted only for iota: vmap binds a primitive with
//              no batched operand as it is, as JAX does.
// batchNamed:  collectives only: the vmap that bound their axis name.
// partialEval, impl: control flow only (cond, scan, while) and
//              stop_gradient's impl.
import assert from "node:assert/strict";
import { test } from "node:test";
import "../../src/index.ts";
import { allPrimitives } from "../../src/core/primitive.ts";

const RULES = ["jvp", "transpose", "batch", "batchNamed", "partialEval", "impl"] as const;
/** Keys of PrimitiveRules that are not transformation rules. */
const NOT_RULES = ["abstractEval", "printParams", "effectful"];

const linear = "jvp transpose batch";
const plain = "jvp batch";

const expected: Record<string, string> = {
  // ---- elementwise: linear ----
  neg: linear,
  add: linear,
  sub: linear,
  mul: linear,
  div: linear,
  copy: linear,
  convert_element_type: linear,
  select_n: linear,
  // ---- elementwise: differentiable, not linear ----
  abs: plain,
  acos: plain,
  acosh: plain,
  asin: plain,
  asinh: plain,
  atan: plain,
  atan2: plain,
  atanh: plain,
  cbrt: plain,
  clamp: plain,
  cos: plain,
  cosh: plain,
  erf: plain,
  erf_inv: plain,
  erfc: plain,
  exp: plain,
  exp2: plain,
  expm1: plain,
  integer_pow: plain,
  lgamma: plain,
  log: plain,
  log1p: plain,
  logistic: plain,
  max: plain,
  min: plain,
  pow: plain,
  rem: plain,
  rsqrt: plain,
  sin: plain,
  sinh: plain,
  sqrt: plain,
  square: plain,
  tan: plain,
  tanh: plain,
  digamma: plain,
  // ---- special functions (src/lax/special.ts); a jvp that raises as JAX's does is still a rule ----
  polygamma: plain,
  igamma: plain,
  igammac: plain,
  igamma_grad_a: plain,
  random_gamma_grad: plain,
  zeta: plain,
  zeta_grad_x: plain,
  bessel_i0e: plain,
  bessel_i1e: plain,
  regularized_incomplete_beta: plain,
  erfcx: plain,
  log_ndtr: plain,
  ndtri: plain,
  dawsn: plain,
  expi: plain,
  expn: plain,
  sici_si: plain,
  sici_ci: plain,
  fresnel_s: plain,
  fresnel_c: plain,
  spence: plain,
  owens_t: plain,
  hyp1f1: plain,
  hyp2f1: plain,
  xlogy: plain,
  xlog1py: plain,
  xlogx: plain,
  // ---- elementwise: zero tangents (piecewise constant, bool or integer results) ----
  ceil: plain,
  floor: plain,
  round: plain,
  sign: plain,
  trunc: plain,
  is_finite: plain,
  nextafter: plain,
  eq: plain,
  ne: plain,
  lt: plain,
  le: plain,
  gt: plain,
  ge: plain,
  and: plain,
  or: plain,
  xor: plain,
  not: plain,
  population_count: plain,
  clz: plain,
  mulhi: plain,
  reduce_precision: linear,
  top_k: plain,
  shift_left: plain,
  shift_right_arithmetic: plain,
  shift_right_logical: plain,
  bitcast_convert_type: plain, // JAX: ad.defjvp_zero
  // ---- shapes ----
  broadcast_in_dim: linear,
  reshape: linear,
  transpose: linear,
  squeeze: linear,
  rev: linear,
  slice: linear,
  pad: linear,
  concatenate: linear,
  dynamic_slice: linear,
  dynamic_update_slice: linear,
  // iota has no operands: nothing to differentiate or batch (JAX has neither rule).
  iota: "",
  // ---- reductions ----
  reduce_sum: linear,
  reduce_max: plain,
  reduce_min: plain,
  reduce_prod: plain,
  reduce_and: plain,
  reduce_or: plain,
  reduce_xor: plain, // zero tangents (JAX: reduce_or's linearization is Zero)
  argmax: plain,
  argmin: plain,
  cumsum: linear,
  cumprod: plain,
  cummax: plain,
  cummin: plain,
  cumlogsumexp: plain, // JAX: the JVP of an associative scan of logaddexp
  // ---- indexing ----
  gather: linear,
  scatter: linear,
  "scatter-add": linear,
  "scatter-mul": linear,
  "scatter-min": plain,
  "scatter-max": plain,
  // ---- contractions, sorting, linear algebra ----
  dot_general: linear,
  conv_general_dilated: linear,
  sort: linear,
  triangular_solve: linear,
  cholesky: plain,
  eigh: plain,
  lu: plain,
  // ---- complex numbers ----
  complex: linear,
  real: linear,
  imag: linear,
  conj: linear,
  fft: linear,
  // Backends' form of fft (real and imaginary parts apart): only after the complex rewrite, no rules.
  fft_real: "",
  qr: plain,
  // ---- no JVP in JAX either ----
  geqrf: "batch",
  householder_product: "batch",
  hessenberg: "batch",
  schur: "batch",
  svd: plain,
  eig: plain,
  // Backends' form of eig (real and imaginary parts apart): only after the complex rewrite, no rules.
  eig_real: "",
  lu_real: "",
  triangular_solve_real: "",
  cholesky_real: "",
  eigh_real: "",
  svd_real: "",
  qr_real: "",
  schur_real: "",
  geqrf_real: "",
  householder_product_real: "",
  hessenberg_real: "",
  // ---- control flow (while's transpose raises JAX's error: reverse mode of a while loop is not defined) ----
  cond: "jvp transpose batch partialEval impl",
  scan: "jvp transpose batch partialEval impl",
  while: "jvp transpose batch partialEval impl",
  stop_gradient: "jvp batch impl",
  // ---- custom rules and checkpointing (calls of a traced function; the compiler inlines them) ----
  custom_jvp_call: "jvp batch impl",
  // custom_vjp_call's jvp binds custom_lin (residuals, tangents), transposed by the user's bwd;
  // custom_lin's impl raises JAX's error for forward mode of a custom_vjp function.
  custom_vjp_call: "jvp batch impl",
  custom_lin: "transpose impl",
  remat2: "jvp transpose batch partialEval impl",
  name: "jvp transpose batch impl",
  custom_linear_solve: "jvp transpose batch impl",
  random_gamma: "jvp batch impl",
  // ---- random ----
  threefry2x32: plain,
  // ---- host callbacks (effects run their callback as impl; pure_callback has no derivative: its jvp and transpose raise, as JAX's) ----
  debug_callback: "jvp batch impl",
  debug_print: "jvp batch impl",
  pure_callback: "jvp transpose batch impl",
  // ---- collectives over a named vmap axis (pmax/pmin have no derivative, as JAX's) ----
  psum: "jvp transpose batch batchNamed",
  all_gather: "jvp transpose batch batchNamed",
  reduce_scatter: "jvp transpose batch batchNamed",
  ppermute: "jvp transpose batch batchNamed",
  pmax: "batch batchNamed",
  pmin: "batch batchNamed",
  all_to_all: "jvp transpose batch batchNamed",
};

function rulesOf(rules: object): string {
  return RULES.filter((r) => typeof (rules as Record<string, unknown>)[r] === "function").join(" ");
}

test("every primitive has exactly the rules the table records", () => {
  const prims = allPrimitives();
  const actual = Object.fromEntries(prims.map((p) => [p.name, rulesOf(p.rules)]));
  const missing = Object.keys(expected).filter((n) => !(n in actual));
  const unlisted = Object.keys(actual).filter((n) => !(n in expected));
  assert.deepEqual(missing, [], "primitives in the table but not declared");
  assert.deepEqual(unlisted, [], "declared primitives missing from the table");
  const wrong = Object.keys(expected)
    .filter((n) => actual[n] !== expected[n])
    .map((n) => `${n}: has "${actual[n]}", table says "${expected[n]}"`);
  assert.deepEqual(wrong, []);
});

test("every primitive has abstractEval and no rule kind the table does not know", () => {
  for (const p of allPrimitives()) {
    assert.equal(typeof p.rules.abstractEval, "function", `${p.name} has no abstractEval`);
    const unknown = Object.keys(p.rules).filter((k) => !(RULES as readonly string[]).includes(k) && !NOT_RULES.includes(k));
    assert.deepEqual(unknown, [], `${p.name} has rule kinds the table does not list`);
  }
});
