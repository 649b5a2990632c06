// lax.pad configurations that exercise every branch of a pad: low and high
// padding, interior padding, negative (cropping) amounts, mixes across dims
// and unpadded dims. Shared by the move's test (backend/native_pad_concat)
// and the fused pad's (compiler/gathered_loads).
export const PAD_CONFIGS: [number, number, number][][] = [
  [],
  [[2, 3, 0]],
  [[-1, 2, 1]],
  [[0, 0, 3]],
  [[-3, -2, 2]],
  [
    [1, 1, 1],
    [0, 2, 0],
  ],
  [
    [-1, 1, 0],
    [2, -1, 2],
  ],
  [
    [0, 0, 0],
    [0, 0, 0],
    [1, -1, 1],
  ],
  [
    [0, 0, 0],
    [3, 2, 0],
    [1, -1, 1],
  ],
];
