// State of the configuration flags set by the scopes in config_flags.ts, read by
// the code they affect (kept apart so that low-level modules can read it).
import { config } from "./config.ts";
import { RuntimeError } from "./errors.ts";

/** Flags kept here rather than in `config` (no `config.update` entry). */
export interface Flags {
  checkTracerLeaks: boolean;
  defaultMatmulPrecision: string | null;
  transferGuardHostToDevice: string | null;
  transferGuardDeviceToHost: string | null;
  transferGuardDeviceToDevice: string | null;
  logCompiles: boolean;
  explainCacheMisses: boolean;
  enableChecks: boolean;
  debugKeyReuse: boolean;
  noTracing: boolean;
  noExecution: boolean;
  threefryPartitionable: boolean;
  softmaxCustomJvp: boolean;
  defaultPrngImpl: string;
  enableCustomPrng: boolean;
  allowF16Reductions: boolean;
  arrayGarbageCollectionGuard: string | null;
}

export const flags: Flags = {
  checkTracerLeaks: false,
  defaultMatmulPrecision: null,
  transferGuardHostToDevice: null,
  transferGuardDeviceToHost: null,
  transferGuardDeviceToDevice: null,
  logCompiles: false,
  explainCacheMisses: false,
  enableChecks: false,
  debugKeyReuse: false,
  noTracing: false,
  noExecution: false,
  threefryPartitionable: true,
  softmaxCustomJvp: false,
  defaultPrngImpl: "threefry2x32",
  enableCustomPrng: false,
  allowF16Reductions: true,
  arrayGarbageCollectionGuard: null,
};

/** The current value of a flag (read by the code it affects). */
export function flag<K extends keyof Flags>(name: K): Flags[K] {
  return flags[name];
}

/** Whether noTracing or noExecution is on (jaxts's own eager jits step aside then). */
export function guardsJit(): boolean {
  return flags.noTracing || flags.noExecution;
}

/** jit's check before tracing a function (JAX's no_tracing). */
export function checkMayTrace(f: (...args: never[]) => unknown): void {
  if (flags.noTracing) throw new RuntimeError(`re-tracing function ${f.name || "<anonymous>"} for \`jit\`, but 'no_tracing' is set`);
}
/** jit's check before running a compiled function (JAX's no_execution). */
export function checkMayExecute(f: (...args: never[]) => unknown): void {
  if (flags.noExecution)
    throw new RuntimeError(`JAX tried to execute function ${f.name || "<anonymous>"}, but the no_execution config option is set`);
}

/**
 * The flags that change what tracing produces (JAX's trace context), as a jit cache key
 * entry; null while all are at their defaults, so default keys are unchanged.
 */
export function traceContextKey(): { kind: "value"; value: string } | null {
  const rank = config.read("numpyRankPromotion");
  const dtype = config.read("numpyDtypePromotion");
  const legacy = config.read("legacyPrngKey");
  if (rank === "allow" && dtype === "standard" && legacy === "allow" && flags.allowF16Reductions) return null;
  return { kind: "value", value: `trace context: ${rank} ${dtype} ${legacy} ${flags.allowF16Reductions}` };
}
