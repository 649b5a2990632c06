// The checks behind numpyDtypePromotion("strict") and numpyRankPromotion("warn" | "raise").
export { checkStrictPromotion } from "../core/strict_promotion.ts";
import { config } from "../core/config.ts";
import { ValueError } from "../core/errors.ts";
import { shapeStr } from "../core/shape.ts";
import { warn } from "../core/warn.ts";

/** jnp functions whose broadcasting JAX does not check for rank promotion. */
const UNCHECKED = new Set(["where", "select", "choose", "interp"]);

/** numpyRankPromotion: operands of different nonzero ranks warn or raise, as JAX's promote_shapes. */
export function checkRankPromotion(name: string, shapes: ReadonlyArray<readonly number[]>): void {
  const mode = config.read("numpyRankPromotion");
  if (mode === "allow" || UNCHECKED.has(name)) return;
  const ranks = new Set(shapes.filter((s) => s.length > 0).map((s) => s.length));
  if (ranks.size < 2) return;
  const shown = shapes.map((s) => shapeStr(s)).join(" ");
  const more = "https://docs.jax.dev/en/latest/rank_promotion_warning.html";
  if (mode === "raise") {
    throw new ValueError(
      `Operands could not be broadcast together for ${name} on shapes ${shown} and with the config option jax_numpy_rank_promotion='raise'. For more information, see ${more}.`,
    );
  }
  warn(
    `Following NumPy automatic rank promotion for ${name} on shapes ${shown}. Set the jax_numpy_rank_promotion config option to 'allow' to disable this warning; for more information, see ${more}.`,
  );
}
