// threefry2x32 as kernel IR: the 20 rounds of add / rotate / xor on uint32
// lanes (SIMD, all shifts by constants), so random bits are computed by a
// fused kernel instead of the reference loop. The schedule is the reference
// kernel's (backend/js/threefry.ts; constants in random/threefry_spec.ts); the random goldens check both bit for bit.
import { KS_PARITY, ROT0, ROT1 } from "../random/threefry_spec.ts";
import type { Node, NodeBuilder } from "./kernel.ts";

/** (key0, key1, x0, x1) over the output shape -> the two output words. */
export function lowerThreefry(b: NodeBuilder, [key0, key1, x0In, x1In]: Node[], shape: readonly number[]): [Node, Node] {
  const k = (v: number): Node => b.const("u32", shape, v);
  const add = (x: Node, y: Node): Node => b.op("add", "u32", [x, y], 0, shape);
  const xor = (x: Node, y: Node): Node => b.op("xor", "u32", [x, y], 0, shape);
  const rotl = (x: Node, r: number): Node =>
    b.op("or", "u32", [b.op("shl", "u32", [x, k(r)], 0, shape), b.op("shr_l", "u32", [x, k(32 - r)], 0, shape)], 0, shape);
  const ks = [key0, key1, xor(xor(key0, key1), k(KS_PARITY))];
  let x0 = add(x0In, ks[0]);
  let x1 = add(x1In, ks[1]);
  for (let block = 0; block < 5; block++) {
    for (const r of block % 2 === 0 ? ROT0 : ROT1) {
      x0 = add(x0, x1);
      x1 = xor(rotl(x1, r), x0);
    }
    x0 = add(x0, ks[(block + 1) % 3]);
    x1 = add(add(x1, ks[(block + 2) % 3]), k(block + 1));
  }
  return [x0, x1];
}
