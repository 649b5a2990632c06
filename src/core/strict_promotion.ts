// numpyDtypePromotion("strict"): JAX's strict promotion lattice, checked where jnp promotes.
import { config } from "./config.ts";
import { type DType, isComplex, isFloat } from "./dtypes.ts";
import { TypePromotionError } from "./errors.ts";

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
