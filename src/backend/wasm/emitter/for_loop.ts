// `for (i = from; i < to; i += step) body()` in emitted code: the
// block/loop/test/increment skeleton of hand-written kernels (the FFT, the
// helper modules of runtime/). Unsigned compare: bounds are sizes and offsets.
import type { FunctionBuilder } from "./module.ts";

/** Emits the loop over the i32 local `i`; `from`, `to` (re-evaluated each iteration) and a non-constant `step` push i32 values. */
export function forLoop(
  f: FunctionBuilder,
  i: number,
  from: () => void,
  to: () => void,
  step: number | (() => void),
  body: () => void,
): void {
  from();
  f.local_set(i);
  const out = f.block();
  const lp = f.loop();
  f.local_get(i);
  to();
  f.i32.ge_u().br_if(out);
  body();
  f.local_get(i);
  if (typeof step === "number") f.i32.const(step);
  else step();
  f.i32.add().local_set(i).br(lp);
  f.end().end();
}
