// Key metadata and key reuse: keyImpl, keyDtype, clone. jaxts implements one
// PRNG, threefry2x32 (JAX's default), so these answer for it.
import { ValueError } from "../core/errors.ts";
import { KEY_DTYPE_NAME } from "./key_array.ts";
import { type KeyLike, checkKey } from "./keys.ts";

const IMPL = "threefry2x32";

/** jax.random.keyImpl(keys): the name of the keys' PRNG implementation ("threefry2x32"). */
export function keyImpl(keys: KeyLike): string {
  checkKey("key_impl", keys, true);
  return IMPL;
}

/** jax.random.keyDtype(impl?): the dtype of typed keys of an implementation ("key<fry>" for threefry2x32). */
export function keyDtype(impl?: string | null): string {
  if (impl !== undefined && impl !== null && impl !== IMPL) {
    throw new ValueError(`unrecognized PRNG implementation "${impl}"; jaxts implements only "${IMPL}"`);
  }
  return KEY_DTYPE_NAME;
}

/** jax.random.clone(key): the key itself (cloning only matters to JAX's key-reuse checker). */
export function clone<K extends KeyLike>(key: K): K {
  checkKey("clone", key, true);
  return key;
}
