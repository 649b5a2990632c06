// jax.pmap on the devices jaxts has: one per process (jax.local_device_count()
// is 1, as JAX's CPU client without forced host devices). pmap(f) is then a
// jitted vmap of f whose mapped axis may be at most the device count; its
// axisName serves the collectives (lax.psum, ...) as on several devices. So
// programs written for `x.reshape([localDeviceCount(), ...])` run unchanged.
import { ValueError } from "../core/errors.ts";
import { checkOptions } from "../core/options.ts";
import { checkCallable } from "../core/scalar_args.ts";
import { localDeviceCount } from "../backend/devices.ts";
import { axisSize as namedAxisSize } from "../lax/axis.ts";
import { argnumList } from "./args.ts";
import { jit } from "./jit.ts";
import { type InAxes, vmap } from "./vmap.ts";
import type { AnyFn, Argnums, Transformed } from "./types.ts";

export interface PmapOptions {
  /** The name of the mapped axis, for the collectives and lax.axisIndex inside `f`. */
  axisName?: string;
  /** Which axis of each (non-static) argument is mapped (default 0), as vmap's. */
  inAxes?: InAxes;
  /** Where the mapped axis goes in each output (default 0). */
  outAxes?: unknown;
  /** Arguments passed to every element as they are (static, as jit's staticArgnums). */
  staticBroadcastedArgnums?: Argnums;
  /** Arguments whose buffers the call may reuse, as jit's. */
  donateArgnums?: Argnums;
  /** The mapped size, needed when no argument is mapped. */
  axisSize?: number;
}

let unnamed = 0;

/** jax.pmap: `f` mapped over the leading axis of its arguments, one element per device (at most localDeviceCount()). */
export function pmap<F extends AnyFn>(f: F, options?: PmapOptions): Transformed<F> {
  checkCallable(f, "pmap");
  const o = checkOptions(options, "pmap", ["axisName", "inAxes", "outAxes", "staticBroadcastedArgnums", "donateArgnums", "axisSize"]);
  const statics = o.staticBroadcastedArgnums === undefined ? [] : argnumList(o.staticBroadcastedArgnums, "pmap: staticBroadcastedArgnums");
  const name = o.axisName ?? `pmap_axis_${unnamed++}`;
  const mapped = (...args: unknown[]) => {
    const norm = statics.map((s) => (s < 0 ? s + args.length : s));
    const dynamic = args.filter((_, i) => !norm.includes(i));
    const body = (...dyn: unknown[]) => {
      const n = namedAxisSize(name);
      const devices = localDeviceCount();
      if (n > devices)
        throw new ValueError(
          `pmap: the mapped axis has size ${n}, but only ${devices} device${devices === 1 ? " is" : "s are"} available (jax.local_device_count() is ${devices}); map over at most that many, e.g. x.reshape([localDeviceCount(), ...]), or use vmap`,
        );
      let k = 0;
      return f(...args.map((a, i) => (norm.includes(i) ? a : dyn[k++])));
    };
    return vmap(body, { inAxes: o.inAxes, outAxes: o.outAxes, axisName: name, axisSize: o.axisSize })(...dynamic);
  };
  return jit(mapped, { staticArgnums: statics, donateArgnums: o.donateArgnums }) as unknown as Transformed<F>;
}
