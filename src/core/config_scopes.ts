// JAX's configuration context managers (`with jax.disable_jit(): ...`) as
// functions that run a body with an option set and restore it afterwards.
// A body that returns a Promise keeps the option until the Promise settles.
import { setDefaultBackend, defaultBackend } from "../backend/backend.ts";
import { checkOptions } from "./options.ts";
import { type ConfigValues, config } from "./config.ts";
import { JaxTypeError } from "./errors.ts";
import { describe } from "./describe.ts";

export function scoped<T>(set: () => () => void, fn: () => T, what: string): T {
  if (typeof fn !== "function") throw new JaxTypeError(`${what}: expected a function to run, got ${describe(fn)}`);
  const restore = set();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    restore();
    throw e;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}

export function withOption<K extends keyof ConfigValues, T>(name: K, value: ConfigValues[K], fn: () => T, what: string): T {
  return scoped(
    () => {
      const prev = config.read(name);
      config.update(name, value);
      return () => config.update(name, prev);
    },
    fn,
    what,
  );
}

/** `with jax.disable_jit():` — jitted functions inside `fn` run eagerly. */
export function disableJit<T>(fn: () => T, options?: { disable?: boolean }): T {
  const opts = checkOptions(options, "disableJit", ["disable"]);
  return withOption("disableJit", opts.disable ?? true, fn, "disableJit");
}
/** `with jax.debug_nans(newVal):` */
export function debugNans<T>(newVal: boolean, fn: () => T): T {
  return withOption("debugNans", newVal, fn, "debugNans");
}
/** `with jax.debug_infs(newVal):` */
export function debugInfs<T>(newVal: boolean, fn: () => T): T {
  return withOption("debugInfs", newVal, fn, "debugInfs");
}
/** `with jax.enable_x64(newVal):` */
export function enableX64<T>(newVal: boolean, fn: () => T): T {
  return withOption("enableX64", newVal, fn, "enableX64");
}
/** `with jax.default_device(device):` — arrays created inside `fn` live on that backend. */
export function defaultDevice<T>(device: string, fn: () => T): T {
  return scoped(
    () => {
      const prev = defaultBackend();
      setDefaultBackend(device);
      return () => setDefaultBackend(prev);
    },
    fn,
    "defaultDevice",
  );
}
