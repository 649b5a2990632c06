// Ports of the indexing and `.at[]` programs in scripts/gen_programs_goldens.py.
import { grad, jit, jnp, type NDArray } from "../../../src/index.ts";
import type { Rec } from "./rec.ts";

const s = jnp.s;
const i32 = (x: unknown) => jnp.array(x as number[], { dtype: "int32" });

export function indexing_get(o: Rec): void {
  const x = jnp.arange(24).reshape([2, 3, 4]);
  o("neg", x.get(-1, -2));
  o("slice_step", x.get(s(), s(null, null, -1), s(1, null, 2)));
  o("newaxis", x.get(null, 0, s(), null).shape);
  o("ellipsis", x.get("...", -1));
  o("int_arr", x.get(i32([1, 0, 1])));
  o("bcast_idx", x.get(i32([[0], [1]]), i32([0, 2])));
  o("mixed", x.get(s(), i32([2, 0]), s(1, 3)));
  o("separated", x.get(i32([0, 1]), s(), i32([1, 3])));
  o("bool_mask", x.get(x.mod(5).eq(0)));
  o("bool_row", x.get(jnp.array([true, false])));
  o("oob_clamp", x.get(0, i32([5, -7])));
  o("neg_arr", x.get(0, 0, i32([-1, -4])));
  o("list_idx", x.get(1, [0, 2]));
  const y = jnp.arange(5, { dtype: "float32" });
  o("take_fill", jnp.take(y, i32([0, 7, -1])));
  o("take_clip", jnp.take(y, i32([0, 7, -9]), undefined, { mode: "clip" }));
  o("take_wrap", jnp.take(y, i32([7, -9]), undefined, { mode: "wrap" }));
  o("jit_idx", jit((a: NDArray, i: NDArray | number) => a.get(i as NDArray))(y, 9));
  o("jit_neg", jit((a: NDArray, i: NDArray | number) => a.get(i as NDArray))(y, -2));
  o.raises("static_oob_err", () => y.get(7));
  o.raises("too_many", () => y.get(0, 1));
}

export function at_updates(o: Rec): void {
  const x = jnp.zeros([5]);
  o("set_neg", x.at(-1).set(7.0));
  o("add_dup", x.at(i32([0, 0, 2])).add(1.0));
  o("set_dup_list", x.at(i32([1, 1])).set(jnp.array([3.0, 4.0])));
  o("oob_dropped", x.at(i32([1, 9, -9])).set(5.0));
  o("oob_static", x.at(10).set(1.0));
  o("mul", jnp.arange(1, 6, { dtype: "float32" }).at(s(1, 4)).mul(2.0));
  o(
    "min",
    jnp
      .arange(5, { dtype: "float32" })
      .at(i32([0, 4, 4]))
      .min(jnp.array([-1.0, 10.0, 2.0])),
  );
  o("max", jnp.arange(5).at(2).max(9));
  const m = jnp.arange(12, { dtype: "float32" }).reshape([3, 4]);
  o("row_bcast", m.at(1).set(jnp.array([9.0, 8.0, 7.0, 6.0])));
  o("col_add", m.at(s(), 0).add(100));
  o("mask_set", m.at(m.gt(6)).set(0.0));
  o("scatter_2d", m.at(i32([0, 2]), i32([1, 3])).add(jnp.array([10.0, 20.0])));
  o("get_fill", m.at(i32([0, 5])).get({ mode: "fill", fillValue: -1.0 }));
  o("get", m.at(2, s(1)).get());
  o("int_add_float", jnp.arange(4).at(0).add(2.7));
  o(
    "drop_mode",
    jnp
      .arange(4)
      .at(i32([-5, 2]))
      .set(9, { mode: "drop" }),
  );
  o("under_jit", jit((a: NDArray, i: NDArray, v: number | NDArray) => a.at(i).add(v))(jnp.zeros([3]), i32([2, 2, 5]), 1.5));
  o(
    "grad_scatter",
    grad((v: NDArray) =>
      jnp.sum(
        jnp
          .zeros([4])
          .at(i32([1, 1, 3]))
          .add(v)
          .pow(2),
      ),
    )(jnp.array([1.0, 2.0, 3.0])),
  );
}
