// Four 4-byte elements a fixed stride apart as two vector loads and one
// shuffle, for the strides that pack into two vectors: every second or third
// element, reversed, reversed every second. Each load stays within the span
// of the elements read (from the first to the last, whichever way the stride
// runs), so no access leaves the buffer. The kernels' strided operands
// (codegen/emit.ts) and the heap's strided block copies (runtime/block_copy.ts)
// both load this way.

/** For a stride in bytes: the two loads' byte offsets from element 0, and the 32-bit lanes (0-3 of the first load, 4-7 of the second) that hold elements 0-3. */
export const STRIDED_LANES = new Map<number, { loads: [number, number]; lanes: number[] }>([
  [8, { loads: [0, 12], lanes: [0, 2, 5, 7] }], // elements 0-3 (0, 2) and 3-6 (4, 6)
  [12, { loads: [0, 24], lanes: [0, 3, 4, 7] }], // 0-3 (0, 3) and 6-9 (6, 9)
  [-4, { loads: [-12, -12], lanes: [3, 2, 1, 0] }], // -3..0, reversed
  [-8, { loads: [-12, -24], lanes: [3, 1, 6, 4] }], // -3..0 (0, -2) and -6..-3 (-4, -6)
]);

/** The i8x16.shuffle byte indices that pick these 32-bit lanes. */
export function pickLanes(lanes: readonly number[]): number[] {
  return lanes.flatMap((q) => [4 * q, 4 * q + 1, 4 * q + 2, 4 * q + 3]);
}
