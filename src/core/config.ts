// Global configuration, as jax.config: `config.update(name, value)`.
// Unknown options throw so a typo never silently does nothing.
import { JaxTypeError, ValueError } from "./errors.ts";

export interface ConfigValues {
  enableX64: boolean;
  debugNans: boolean;
  /** Raise FloatingPointError where a primitive produces an infinity (as debugNans for NaN). */
  debugInfs: boolean;
  /** Run jitted functions eagerly, primitive by primitive (JAX's `jax_disable_jit`). */
  disableJit: boolean;
  jitCacheSize: number;
  /**
   * Bytes of buffers the wasm heap holds before it collects garbage (dropped
   * arrays' memory is reused); past one and a half times this, it moves the
   * least recently used buffers to host memory. The default grows by itself
   * when a program needs more; a value set here is kept.
   */
  wasmMemoryBudget: number;
  /**
   * Eager elementwise operations and views on large arrays wait until their
   * value is needed, then run as one fused kernel (backend/deferred.ts).
   * False runs each operation as it is called.
   */
  eagerFusion: boolean;
  /** JAX's jax_numpy_dtype_promotion: "strict" makes implicit promotion between different dtypes an error. */
  numpyDtypePromotion: string;
  /** JAX's jax_numpy_rank_promotion: "warn" or "raise" on implicit rank promotion in jnp ops. */
  numpyRankPromotion: string;
  /** JAX's jax_legacy_prng_key: "warn" or "error" when a raw uint32 key reaches a random function. */
  legacyPrngKey: string;
}

/** Options whose value is one of a fixed set of strings, as JAX's enum flags. */
const ENUM_OPTIONS: Partial<Record<keyof ConfigValues, readonly string[]>> = {
  numpyDtypePromotion: ["standard", "strict"],
  numpyRankPromotion: ["allow", "warn", "raise"],
  legacyPrngKey: ["allow", "warn", "error"],
};

const values: ConfigValues = {
  enableX64: false,
  debugNans: false,
  debugInfs: false,
  disableJit: false,
  jitCacheSize: 256,
  wasmMemoryBudget: 64 * 2 ** 20,
  eagerFusion: true,
  numpyDtypePromotion: "standard",
  numpyRankPromotion: "allow",
  legacyPrngKey: "allow",
};
const listeners: Array<(name: keyof ConfigValues) => void> = [];

export const config = {
  update<K extends keyof ConfigValues>(name: K, value: ConfigValues[K]): void {
    // JAX's own spelling works too: "jax_enable_x64" is enableX64.
    if (typeof name === "string" && name.startsWith("jax_")) {
      const camel = name.slice(4).replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
      if (Object.hasOwn(values, camel)) name = camel as K;
    }
    if (!Object.hasOwn(values, name)) {
      throw new ValueError(`Unrecognized config option: ${String(name)}. Known options: ${Object.keys(values).join(", ")}`);
    }
    const expected = typeof values[name];
    if (typeof value !== expected) {
      throw new JaxTypeError(`config.update("${name}", ...) expects a ${expected}, got ${typeof value}`);
    }
    if (name === "wasmMemoryBudget" && !((value as number) > 0 && Number.isFinite(value))) {
      throw new ValueError(`config.update("wasmMemoryBudget", ...) expects a positive number of bytes, got ${String(value)}`);
    }
    const allowed = ENUM_OPTIONS[name];
    if (allowed && !allowed.includes(value as string)) {
      throw new ValueError(
        `new enum value must be in [${allowed.map((v) => `'${v}'`).join(", ")}], got ${String(value)} (config option ${name})`,
      );
    }
    values[name] = value;
    for (const l of listeners) l(name);
  },
  read<K extends keyof ConfigValues>(name: K): ConfigValues[K] {
    if (!Object.hasOwn(values, name)) {
      throw new ValueError(`Unrecognized config option: ${String(name)}`);
    }
    return values[name];
  },
  get enableX64(): boolean {
    return values.enableX64;
  },
  get debugNans(): boolean {
    return values.debugNans;
  },
  get debugInfs(): boolean {
    return values.debugInfs;
  },
  /** Whether primitives are checked one by one for NaN or infinity (debugNans or debugInfs). */
  get checkFloats(): boolean {
    return values.debugNans || values.debugInfs;
  },
  get disableJit(): boolean {
    return values.disableJit;
  },
  get eagerFusion(): boolean {
    return values.eagerFusion;
  },
};

export function onConfigChange(listener: (name: keyof ConfigValues) => void): void {
  listeners.push(listener);
}
