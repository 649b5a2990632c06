// Integer division and remainder, scalar, 32 or 64 bits: x/0 = -1 (all ones)
// and x%0 = x, MIN/-1 = MIN and MIN%-1 = 0, as XLA defines them (wasm would trap).
import type { FunctionBuilder } from "../emitter/index.ts";

export function emitIntDiv(
  f: FunctionBuilder,
  tmp: (t: "i32" | "i64") => number,
  get: (i: number) => void,
  width: "i32" | "i64",
  unsigned: boolean,
  rem: boolean,
): void {
  const n = width === "i64" ? f.i64 : f.i32;
  const y = tmp(width);
  get(1);
  f.local_set(y);
  f.local_get(y);
  n.eqz();
  f.if_(width);
  if (rem) get(0);
  else n.const(-1);
  f.else_();
  if (unsigned) {
    get(0);
    f.local_get(y);
    if (rem) n.rem_u();
    else n.div_u();
  } else {
    // y = -1: x / -1 = -x (wrapping), x % -1 = 0.
    f.local_get(y);
    n.const(-1);
    n.eq();
    f.if_(width);
    if (rem) n.const(0);
    else {
      n.const(0);
      get(0);
      n.sub();
    }
    f.else_();
    get(0);
    f.local_get(y);
    if (rem) n.rem_s();
    else n.div_s();
    f.end();
  }
  f.end();
}
