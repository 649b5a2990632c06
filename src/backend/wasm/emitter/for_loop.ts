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

/**
 * A vector loop and its scalar tail over [from, to): `body(true)` at i =
 * from, from + lanes, ... while a whole vector fits, then `body(false)` for
 * each element left. `from` and `to` push i32 values (evaluated more than
 * once); lanes is a power of two.
 */
export function forLanes(
  f: FunctionBuilder,
  i: number,
  from: () => void,
  to: () => void,
  lanes: number,
  body: (vector: boolean) => void,
): void {
  const end = f.addLocal("i32");
  // end = to - ((to - from) mod lanes)
  to();
  to();
  from();
  f.i32
    .sub()
    .i32.const(lanes - 1)
    .i32.and()
    .i32.sub()
    .local_set(end);
  forLoop(
    f,
    i,
    from,
    () => f.local_get(end),
    lanes,
    () => body(true),
  );
  forLoop(
    f,
    i,
    () => f.local_get(end),
    to,
    1,
    () => body(false),
  );
}
