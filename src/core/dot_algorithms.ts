// The names of XLA's dot algorithm presets (lax.DotAlgorithmPreset), shared by
// lax's enums and the defaultMatmulPrecision configuration scope.
export const DOT_ALGORITHM_PRESETS = [
  "DEFAULT",
  "ANY_F8_ANY_F8_F32",
  "ANY_F8_ANY_F8_F32_FAST_ACCUM",
  "ANY_F8_ANY_F8_ANY",
  "ANY_F8_ANY_F8_ANY_FAST_ACCUM",
  "F16_F16_F16",
  "F16_F16_F32",
  "BF16_BF16_BF16",
  "BF16_BF16_F32",
  "BF16_BF16_F32_X3",
  "BF16_BF16_F32_X6",
  "BF16_BF16_F32_X9",
  "TF32_TF32_F32",
  "TF32_TF32_F32_X3",
  "F32_F32_F32",
  "F64_F64_F64",
] as const;
