// Python-style printing of primitive params in jaxprs, as JAX prints them.

/** A Python tuple: (1,) for one element, (1, 2) for two. */
export function tuple(xs: readonly number[]): string {
  return `(${xs.join(", ")}${xs.length === 1 ? "," : ""})`;
}

export const pyBool = (b: boolean): string => (b ? "True" : "False");
