// The rest of JAX's configuration context managers (`with jax.numpy_rank_promotion("raise"):`)
// as functions that run a body with the flag set. Flags with an effect here
// (promotion checks, legacy keys, no_tracing/no_execution under jit) act as JAX's do;
// the others (compilation logs, leak checkers, transfer guards, matmul precision on
// a CPU that computes float32 products in full) are accepted, validated and restored.
import { scoped, withOption } from "./config_scopes.ts";
import { JaxTypeError, ValueError } from "./errors.ts";
import { describe } from "./describe.ts";
import { type Flags, flags } from "./flags_state.ts";
import { DOT_ALGORITHM_PRESETS } from "./dot_algorithms.ts";

function setFlag<K extends keyof Flags, T>(name: K, value: Flags[K], fn: () => T): T {
  return scoped(
    () => {
      const prev = flags[name];
      flags[name] = value;
      return () => {
        flags[name] = prev;
      };
    },
    fn,
    name,
  );
}

function checkBool(name: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new JaxTypeError(`${name}: expected a boolean, got ${describe(v)}`);
  return v;
}

function checkEnum(name: string, v: unknown, allowed: readonly string[], optional: boolean): string | null {
  if (optional && (v === null || v === undefined)) return null;
  if (typeof v !== "string" || !allowed.includes(v)) {
    throw new ValueError(`new enum value must be in [${allowed.map((a) => `'${a}'`).join(", ")}], got ${String(v)} (${name})`);
  }
  return v;
}

function boolScope(name: keyof Flags) {
  return <T>(newVal: boolean, fn: () => T): T => setFlag(name, checkBool(name, newVal) as never, fn);
}

/** JAX's default_matmul_precision values: the precision names, then the dot algorithm presets. */
const MATMUL_PRECISIONS = [
  "default",
  "high",
  "highest",
  "bfloat16",
  "tensorfloat32",
  "float32",
  ...DOT_ALGORITHM_PRESETS.filter((p) => p !== "DEFAULT"),
] as const;
const TRANSFER_GUARD_LEVELS = ["allow", "log", "disallow", "log_explicit", "disallow_explicit"] as const;

/** `with jax.numpy_dtype_promotion("strict"):` — implicit promotion between different dtypes raises. */
export function numpyDtypePromotion<T>(newVal: "standard" | "strict", fn: () => T): T {
  return withOption("numpyDtypePromotion", newVal, fn, "numpyDtypePromotion");
}
/** `with jax.numpy_rank_promotion("raise"):` — jnp's implicit rank promotion warns or raises. */
export function numpyRankPromotion<T>(newVal: "allow" | "warn" | "raise", fn: () => T): T {
  return withOption("numpyRankPromotion", newVal, fn, "numpyRankPromotion");
}
/** `with jax.legacy_prng_key("error"):` — raw uint32 keys passed to random functions warn or raise. */
export function legacyPrngKey<T>(newVal: "allow" | "warn" | "error", fn: () => T): T {
  return withOption("legacyPrngKey", newVal, fn, "legacyPrngKey");
}
/** `with jax.check_tracer_leaks(v):` (leaked tracers are always detected here when used). */
export const checkTracerLeaks: <T>(newVal: boolean, fn: () => T) => T = boolScope("checkTracerLeaks");
/** `with jax.checking_leaks():` — checkTracerLeaks(true, fn). */
export function checkingLeaks<T>(fn: () => T): T {
  return checkTracerLeaks(true, fn);
}
/** `with jax.default_matmul_precision(p):` (float32 products are computed in full precision here whatever it says). */
export function defaultMatmulPrecision<T>(newVal: string | null, fn: () => T): T {
  return setFlag("defaultMatmulPrecision", checkEnum("defaultMatmulPrecision", newVal, MATMUL_PRECISIONS, true), fn);
}
function guardScope(name: "transferGuardHostToDevice" | "transferGuardDeviceToHost" | "transferGuardDeviceToDevice") {
  return <T>(newVal: string | null, fn: () => T): T => setFlag(name, checkEnum(name, newVal, TRANSFER_GUARD_LEVELS, true), fn);
}
/** `with jax.transfer_guard_host_to_device(level):` (one CPU device: nothing is guarded). */
export const transferGuardHostToDevice: <T>(newVal: string | null, fn: () => T) => T = guardScope("transferGuardHostToDevice");
/** `with jax.transfer_guard_device_to_host(level):` */
export const transferGuardDeviceToHost: <T>(newVal: string | null, fn: () => T) => T = guardScope("transferGuardDeviceToHost");
/** `with jax.transfer_guard_device_to_device(level):` */
export const transferGuardDeviceToDevice: <T>(newVal: string | null, fn: () => T) => T = guardScope("transferGuardDeviceToDevice");
/** `with jax.transfer_guard(level):` — all three guards at once. */
export function transferGuard<T>(newVal: string, fn: () => T): T {
  checkEnum("transferGuard", newVal, TRANSFER_GUARD_LEVELS, false);
  return transferGuardHostToDevice(newVal, () => transferGuardDeviceToDevice(newVal, () => transferGuardDeviceToHost(newVal, fn)));
}
/** `with jax.log_compiles(v):` */
export const logCompiles: <T>(newVal: boolean, fn: () => T) => T = boolScope("logCompiles");
/** `with jax.explain_cache_misses(v):` */
export const explainCacheMisses: <T>(newVal: boolean, fn: () => T) => T = boolScope("explainCacheMisses");
/** `with jax.enable_checks(v):` */
export const enableChecks: <T>(newVal: boolean, fn: () => T) => T = boolScope("enableChecks");
/** `with jax.debug_key_reuse(v):` (key reuse is not tracked here). */
export const debugKeyReuse: <T>(newVal: boolean, fn: () => T) => T = boolScope("debugKeyReuse");
/** `with jax.no_tracing(True):` — a jitted function that has to trace raises RuntimeError. */
export const noTracing: <T>(newVal: boolean, fn: () => T) => T = boolScope("noTracing");
/** `with jax.no_execution(True):` — running a jitted function raises RuntimeError. */
export const noExecution: <T>(newVal: boolean, fn: () => T) => T = boolScope("noExecution");
/** `with jax.softmax_custom_jvp(v):` (nn.softmax's derivative is the same either way). */
export const softmaxCustomJvp: <T>(newVal: boolean, fn: () => T) => T = boolScope("softmaxCustomJvp");
/** `with jax.enable_custom_prng(v):` */
export const enableCustomPrng: <T>(newVal: boolean, fn: () => T) => T = boolScope("enableCustomPrng");
/** `with jax.allow_f16_reductions(False):` — reduce_sum over float16/bfloat16 raises. */
export const allowF16Reductions: <T>(newVal: boolean, fn: () => T) => T = boolScope("allowF16Reductions");
/** `with jax.threefry_partitionable(v):` — only JAX's default (true) is implemented. */
export function threefryPartitionable<T>(newVal: boolean, fn: () => T): T {
  if (!checkBool("threefryPartitionable", newVal)) {
    throw new ValueError("threefryPartitionable(false) is not supported: jaxts implements JAX's default partitionable threefry only");
  }
  return setFlag("threefryPartitionable", true, fn);
}
/** `with jax.default_prng_impl(name):` — only "threefry2x32" is implemented. */
export function defaultPrngImpl<T>(newVal: string, fn: () => T): T {
  const v = checkEnum("defaultPrngImpl", newVal, ["threefry2x32", "rbg", "unsafe_rbg"], false)!;
  if (v !== "threefry2x32") throw new ValueError(`defaultPrngImpl("${v}") is not supported: jaxts implements the threefry2x32 PRNG only`);
  return setFlag("defaultPrngImpl", v, fn);
}
/** `with jax.array_garbage_collection_guard(level):` */
export function arrayGarbageCollectionGuard<T>(newVal: string | null, fn: () => T): T {
  return setFlag("arrayGarbageCollectionGuard", checkEnum("arrayGarbageCollectionGuard", newVal, ["allow", "log", "fatal"], true), fn);
}
