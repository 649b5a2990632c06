// The checks behind numpyDtypePromotion("strict") and numpyRankPromotion("warn" | "raise").
import { config } from "../core/config.ts";
import { type DType, isComplex, isFloat } from "../core/dtypes.ts";
import { TypePromotionError, ValueError } from "../core/errors.ts";
import { shapeStr } from "../core/shape.ts";
import { warn } from "../core/warn.ts";

type WeakKind = "int" | "float" | "complex";

function weakKind(dtype: DType): WeakKind {
  return isComplex(dtype) ? "complex" : isFloat(dtype) ? "float" : "int";
}

/**
 * Strict promotion (JAX's strict lattice): every strongly typed operand has the same dtype,
 * and weak values (JS numbers) join only dtypes of their kind or above (int → any number,
 * float → inexact, complex → complex).
 */
export function checkStrictPromotion(types: ReadonlyArray<{ dtype: DType; weakType: boolean }>): void {
  if (config.read("numpyDtypePromotion") !== "strict") return;
  const strong = new Set<DType>();
  const weak = new Set<WeakKind>();
  for (const t of types) {
    if (t.weakType && t.dtype !== "bool") weak.add(weakKind(t.dtype));
    else strong.add(t.dtype);
  }
  const [s] = strong;
  const fits = (k: WeakKind) => (k === "int" ? s !== "bool" : k === "float" ? isFloat(s!) || isComplex(s!) : isComplex(s!));
  if (strong.size > 1 || (s !== undefined && ![...weak].every(fits))) {
    const names = [...[...weak].map((k) => `<class '${k}'>`), ...strong].map((n) => `'${n}'`).join(", ");
    throw new TypePromotionError(
      `Input dtypes (${names}) have no available implicit dtype promotion path when jax_numpy_dtype_promotion=strict. ` +
        "Try explicitly casting inputs to the desired output type, or set jax_numpy_dtype_promotion=standard.",
    );
  }
}

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
