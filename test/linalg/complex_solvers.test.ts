// jnp.linalg solvers on complex inputs against JAX 0.10.2 (goldens from
// scripts/gen_complex_linalg_goldens.py): solve, inv, det, slogdet, with
// gradients, jit vs eager on both backends, vmap vs a loop.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { grad, jit, jnp, lax, vmap, type NDArray } from "../../src/index.ts";
import { agree } from "../helpers/backends.ts";
import { assertClose } from "../helpers/check_grads.ts";

interface CEnc {
  shape: number[];
  dtype: string;
  data?: Array<number | null>;
  re?: Array<number | null>;
  im?: Array<number | null>;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const S: Record<string, CEnc> = JSON.parse(
  readFileSync(fileURLToPath(new URL("../goldens/complex_linalg.json", import.meta.url)), "utf8"),
).solvers;
const nums = (xs: Array<number | null>) => xs.map((v) => (v === null ? NaN : v));
function carr(e: CEnc): NDArray {
  const part = (xs: Array<number | null>) => jnp.array(nums(xs), { dtype: "float32" }).reshape(e.shape);
  return e.re ? lax.complex(part(e.re), part(e.im!)) : part(e.data!);
}
function closeC(got: NDArray, want: NDArray, tol: number, what: string): void {
  assert.deepEqual(got.shape, want.shape, `${what}: shape`);
  assert.equal(got.dtype, want.dtype, `${what}: dtype`);
  assertClose(jnp.real(got), jnp.real(want), tol, tol, `${what} (re)`);
  if (want.dtype.startsWith("complex")) assertClose(jnp.imag(got), jnp.imag(want), tol, tol, `${what} (im)`);
}

const A = carr(S.A);
const B = carr(S.B);

test("complex solve, inv, det, slogdet as JAX's", () => {
  closeC(jnp.linalg.solve(A, B), carr(S.solve), 1e-4, "solve");
  closeC(jnp.linalg.solve(A, carr(S.bv)), carr(S.solve_vec), 1e-4, "solve vector");
  closeC(jnp.linalg.inv(A), carr(S.inv), 1e-4, "inv");
  closeC(jnp.linalg.inv(carr(S.AB)), carr(S.inv_batch), 1e-4, "inv batched");
  closeC(jnp.linalg.det(A), carr(S.det), 1e-4, "det");
  closeC(jnp.linalg.det(carr(S.AB)), carr(S.det_batch), 1e-4, "det batched");
  closeC(jnp.linalg.det(A.at(jnp.s(0, 2), jnp.s(0, 2)).get()), carr(S.det2), 1e-4, "det 2x2");
  const [s, l] = jnp.linalg.slogdet(A);
  closeC(s, carr(S.slogdet_sign), 1e-4, "slogdet sign");
  closeC(l, carr(S.slogdet_log), 1e-4, "slogdet logabsdet");
});

test("complex solve and det: gradients as JAX's (conjugate convention), jit vs eager, vmap vs loop", () => {
  closeC(grad((a: NDArray) => jnp.abs(jnp.linalg.det(a)))(A), carr(S.grad_det_abs), 1e-3, "grad |det|");
  closeC(grad((a: NDArray) => jnp.sum(jnp.real(jnp.linalg.solve(a, B))))(A), carr(S.grad_solve), 1e-3, "grad solve");
  agree("complex solve", (a, b) => jnp.linalg.solve(a, b), [A, B], 1e-5, 1e-5, true);
  agree("complex slogdet", (a) => jnp.linalg.slogdet(carr(S.AB).add(a)), [A], 1e-5, 1e-5, true);
  const AB = carr(S.AB);
  const vm = vmap((a: NDArray) => jnp.linalg.inv(a))(AB);
  const loop = jnp.stack([0, 1].map((i) => jnp.linalg.inv(AB.at(i).get())));
  closeC(vm, loop, 1e-6, "vmap inv");
  closeC(jit((a: NDArray) => jnp.linalg.det(a))(AB), jnp.linalg.det(AB), 1e-5, "jit det");
});
