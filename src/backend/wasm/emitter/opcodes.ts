// Opcode numbers per the WebAssembly core 2.0 spec, the fixed-width SIMD
// extension (0xFD prefix) and relaxed SIMD. Tables are keyed by the text
// format's instruction name after the type prefix, with '.' -> '_'.

export const ValTypeCode = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const;
export type ValType = keyof typeof ValTypeCode;

/** Control and parametric instructions (single byte). */
export const Ctl = {
  unreachable: 0x00, nop: 0x01, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b,
  br: 0x0c, br_if: 0x0d, br_table: 0x0e, return: 0x0f, call: 0x10, call_indirect: 0x11,
  drop: 0x1a, select: 0x1b, select_t: 0x1c,
  local_get: 0x20, local_set: 0x21, local_tee: 0x22, global_get: 0x23, global_set: 0x24,
  memory_size: 0x3f, memory_grow: 0x40,
  i32_const: 0x41, i64_const: 0x42, f32_const: 0x43, f64_const: 0x44,
} as const;

/** Memory access instructions: [opcode, natural alignment in bytes]. */
export const MemOps = {
  i32_load: [0x28, 4], i64_load: [0x29, 8], f32_load: [0x2a, 4], f64_load: [0x2b, 8],
  i32_load8_s: [0x2c, 1], i32_load8_u: [0x2d, 1], i32_load16_s: [0x2e, 2], i32_load16_u: [0x2f, 2],
  i64_load8_s: [0x30, 1], i64_load8_u: [0x31, 1], i64_load16_s: [0x32, 2], i64_load16_u: [0x33, 2],
  i64_load32_s: [0x34, 4], i64_load32_u: [0x35, 4],
  i32_store: [0x36, 4], i64_store: [0x37, 8], f32_store: [0x38, 4], f64_store: [0x39, 8],
  i32_store8: [0x3a, 1], i32_store16: [0x3b, 2], i64_store8: [0x3c, 1], i64_store16: [0x3d, 2], i64_store32: [0x3e, 4],
} as const;

/** Immediate-free i32 instructions. */
export const I32Ops = {
  eqz: 0x45, eq: 0x46, ne: 0x47, lt_s: 0x48, lt_u: 0x49, gt_s: 0x4a, gt_u: 0x4b, le_s: 0x4c, le_u: 0x4d, ge_s: 0x4e, ge_u: 0x4f,
  clz: 0x67, ctz: 0x68, popcnt: 0x69, add: 0x6a, sub: 0x6b, mul: 0x6c, div_s: 0x6d, div_u: 0x6e, rem_s: 0x6f, rem_u: 0x70,
  and: 0x71, or: 0x72, xor: 0x73, shl: 0x74, shr_s: 0x75, shr_u: 0x76, rotl: 0x77, rotr: 0x78,
  wrap_i64: 0xa7, trunc_f32_s: 0xa8, trunc_f32_u: 0xa9, trunc_f64_s: 0xaa, trunc_f64_u: 0xab,
  reinterpret_f32: 0xbc, extend8_s: 0xc0, extend16_s: 0xc1,
} as const;

export const I64Ops = {
  eqz: 0x50, eq: 0x51, ne: 0x52, lt_s: 0x53, lt_u: 0x54, gt_s: 0x55, gt_u: 0x56, le_s: 0x57, le_u: 0x58, ge_s: 0x59, ge_u: 0x5a,
  clz: 0x79, ctz: 0x7a, popcnt: 0x7b, add: 0x7c, sub: 0x7d, mul: 0x7e, div_s: 0x7f, div_u: 0x80, rem_s: 0x81, rem_u: 0x82,
  and: 0x83, or: 0x84, xor: 0x85, shl: 0x86, shr_s: 0x87, shr_u: 0x88, rotl: 0x89, rotr: 0x8a,
  extend_i32_s: 0xac, extend_i32_u: 0xad, trunc_f32_s: 0xae, trunc_f32_u: 0xaf, trunc_f64_s: 0xb0, trunc_f64_u: 0xb1,
  reinterpret_f64: 0xbd, extend8_s: 0xc2, extend16_s: 0xc3, extend32_s: 0xc4,
} as const;

export const F32Ops = {
  eq: 0x5b, ne: 0x5c, lt: 0x5d, gt: 0x5e, le: 0x5f, ge: 0x60,
  abs: 0x8b, neg: 0x8c, ceil: 0x8d, floor: 0x8e, trunc: 0x8f, nearest: 0x90, sqrt: 0x91,
  add: 0x92, sub: 0x93, mul: 0x94, div: 0x95, min: 0x96, max: 0x97, copysign: 0x98,
  convert_i32_s: 0xb2, convert_i32_u: 0xb3, convert_i64_s: 0xb4, convert_i64_u: 0xb5, demote_f64: 0xb6,
  reinterpret_i32: 0xbe,
} as const;

export const F64Ops = {
  eq: 0x61, ne: 0x62, lt: 0x63, gt: 0x64, le: 0x65, ge: 0x66,
  abs: 0x99, neg: 0x9a, ceil: 0x9b, floor: 0x9c, trunc: 0x9d, nearest: 0x9e, sqrt: 0x9f,
  add: 0xa0, sub: 0xa1, mul: 0xa2, div: 0xa3, min: 0xa4, max: 0xa5, copysign: 0xa6,
  convert_i32_s: 0xb7, convert_i32_u: 0xb8, convert_i64_s: 0xb9, convert_i64_u: 0xba, promote_f32: 0xbb,
  reinterpret_i64: 0xbf,
} as const;

/** 0xFC-prefixed saturating truncations: [prefix-op, result type]. */
export const SatOps = {
  i32_trunc_sat_f32_s: 0, i32_trunc_sat_f32_u: 1, i32_trunc_sat_f64_s: 2, i32_trunc_sat_f64_u: 3,
  i64_trunc_sat_f32_s: 4, i64_trunc_sat_f32_u: 5, i64_trunc_sat_f64_s: 6, i64_trunc_sat_f64_u: 7,
} as const;
export const PREFIX_FC = 0xfc;
export const FC_MEMORY_COPY = 10;
export const FC_MEMORY_FILL = 11;

export const PREFIX_SIMD = 0xfd;

/** SIMD memory instructions: [simd opcode, natural alignment in bytes]. */
export const SimdMemOps = {
  load: [0x00, 16], load8x8_s: [0x01, 8], load8x8_u: [0x02, 8], load16x4_s: [0x03, 8], load16x4_u: [0x04, 8],
  load32x2_s: [0x05, 8], load32x2_u: [0x06, 8], load8_splat: [0x07, 1], load16_splat: [0x08, 2],
  load32_splat: [0x09, 4], load64_splat: [0x0a, 8], store: [0x0b, 16], load32_zero: [0x5c, 4], load64_zero: [0x5d, 8],
} as const;

/** SIMD lane memory instructions (memarg + lane index): [opcode, natural alignment]. */
export const SimdLaneMemOps = {
  load8_lane: [0x54, 1], load16_lane: [0x55, 2], load32_lane: [0x56, 4], load64_lane: [0x57, 8],
  store8_lane: [0x58, 1], store16_lane: [0x59, 2], store32_lane: [0x5a, 4], store64_lane: [0x5b, 8],
} as const;

export const SIMD_CONST = 0x0c;
export const SIMD_SHUFFLE = 0x0d;

/** SIMD lane access instructions (one lane-index immediate). */
export const SimdLaneOps = {
  i8x16_extract_lane_s: 0x15, i8x16_extract_lane_u: 0x16, i8x16_replace_lane: 0x17,
  i16x8_extract_lane_s: 0x18, i16x8_extract_lane_u: 0x19, i16x8_replace_lane: 0x1a,
  i32x4_extract_lane: 0x1b, i32x4_replace_lane: 0x1c, i64x2_extract_lane: 0x1d, i64x2_replace_lane: 0x1e,
  f32x4_extract_lane: 0x1f, f32x4_replace_lane: 0x20, f64x2_extract_lane: 0x21, f64x2_replace_lane: 0x22,
} as const;

export const V128Ops = {
  not: 0x4d, and: 0x4e, andnot: 0x4f, or: 0x50, xor: 0x51, bitselect: 0x52, any_true: 0x53,
} as const;

export const I8x16Ops = {
  swizzle: 0x0e, splat: 0x0f,
  eq: 0x23, ne: 0x24, lt_s: 0x25, lt_u: 0x26, gt_s: 0x27, gt_u: 0x28, le_s: 0x29, le_u: 0x2a, ge_s: 0x2b, ge_u: 0x2c,
  abs: 0x60, neg: 0x61, popcnt: 0x62, all_true: 0x63, bitmask: 0x64, narrow_i16x8_s: 0x65, narrow_i16x8_u: 0x66,
  shl: 0x6b, shr_s: 0x6c, shr_u: 0x6d, add: 0x6e, add_sat_s: 0x6f, add_sat_u: 0x70, sub: 0x71, sub_sat_s: 0x72, sub_sat_u: 0x73,
  min_s: 0x76, min_u: 0x77, max_s: 0x78, max_u: 0x79, avgr_u: 0x7b,
  relaxed_swizzle: 0x100, relaxed_laneselect: 0x109,
} as const;

export const I16x8Ops = {
  splat: 0x10,
  eq: 0x2d, ne: 0x2e, lt_s: 0x2f, lt_u: 0x30, gt_s: 0x31, gt_u: 0x32, le_s: 0x33, le_u: 0x34, ge_s: 0x35, ge_u: 0x36,
  extadd_pairwise_i8x16_s: 0x7c, extadd_pairwise_i8x16_u: 0x7d,
  abs: 0x80, neg: 0x81, q15mulr_sat_s: 0x82, all_true: 0x83, bitmask: 0x84, narrow_i32x4_s: 0x85, narrow_i32x4_u: 0x86,
  extend_low_i8x16_s: 0x87, extend_high_i8x16_s: 0x88, extend_low_i8x16_u: 0x89, extend_high_i8x16_u: 0x8a,
  shl: 0x8b, shr_s: 0x8c, shr_u: 0x8d, add: 0x8e, add_sat_s: 0x8f, add_sat_u: 0x90, sub: 0x91, sub_sat_s: 0x92, sub_sat_u: 0x93,
  mul: 0x95, min_s: 0x96, min_u: 0x97, max_s: 0x98, max_u: 0x99, avgr_u: 0x9b,
  extmul_low_i8x16_s: 0x9c, extmul_high_i8x16_s: 0x9d, extmul_low_i8x16_u: 0x9e, extmul_high_i8x16_u: 0x9f,
  relaxed_laneselect: 0x10a, relaxed_q15mulr_s: 0x111, relaxed_dot_i8x16_i7x16_s: 0x112,
} as const;

export const I32x4Ops = {
  splat: 0x11,
  eq: 0x37, ne: 0x38, lt_s: 0x39, lt_u: 0x3a, gt_s: 0x3b, gt_u: 0x3c, le_s: 0x3d, le_u: 0x3e, ge_s: 0x3f, ge_u: 0x40,
  extadd_pairwise_i16x8_s: 0x7e, extadd_pairwise_i16x8_u: 0x7f,
  abs: 0xa0, neg: 0xa1, all_true: 0xa3, bitmask: 0xa4,
  extend_low_i16x8_s: 0xa7, extend_high_i16x8_s: 0xa8, extend_low_i16x8_u: 0xa9, extend_high_i16x8_u: 0xaa,
  shl: 0xab, shr_s: 0xac, shr_u: 0xad, add: 0xae, sub: 0xb1, mul: 0xb5,
  min_s: 0xb6, min_u: 0xb7, max_s: 0xb8, max_u: 0xb9, dot_i16x8_s: 0xba,
  extmul_low_i16x8_s: 0xbc, extmul_high_i16x8_s: 0xbd, extmul_low_i16x8_u: 0xbe, extmul_high_i16x8_u: 0xbf,
  trunc_sat_f32x4_s: 0xf8, trunc_sat_f32x4_u: 0xf9, trunc_sat_f64x2_s_zero: 0xfc, trunc_sat_f64x2_u_zero: 0xfd,
  relaxed_trunc_f32x4_s: 0x101, relaxed_trunc_f32x4_u: 0x102, relaxed_trunc_f64x2_s_zero: 0x103, relaxed_trunc_f64x2_u_zero: 0x104,
  relaxed_laneselect: 0x10b, relaxed_dot_i8x16_i7x16_add_s: 0x113,
} as const;

export const I64x2Ops = {
  splat: 0x12,
  abs: 0xc0, neg: 0xc1, all_true: 0xc3, bitmask: 0xc4,
  extend_low_i32x4_s: 0xc7, extend_high_i32x4_s: 0xc8, extend_low_i32x4_u: 0xc9, extend_high_i32x4_u: 0xca,
  shl: 0xcb, shr_s: 0xcc, shr_u: 0xcd, add: 0xce, sub: 0xd1, mul: 0xd5,
  eq: 0xd6, ne: 0xd7, lt_s: 0xd8, gt_s: 0xd9, le_s: 0xda, ge_s: 0xdb,
  extmul_low_i32x4_s: 0xdc, extmul_high_i32x4_s: 0xdd, extmul_low_i32x4_u: 0xde, extmul_high_i32x4_u: 0xdf,
  relaxed_laneselect: 0x10c,
} as const;

export const F32x4Ops = {
  splat: 0x13,
  eq: 0x41, ne: 0x42, lt: 0x43, gt: 0x44, le: 0x45, ge: 0x46,
  demote_f64x2_zero: 0x5e,
  ceil: 0x67, floor: 0x68, trunc: 0x69, nearest: 0x6a,
  abs: 0xe0, neg: 0xe1, sqrt: 0xe3, add: 0xe4, sub: 0xe5, mul: 0xe6, div: 0xe7, min: 0xe8, max: 0xe9, pmin: 0xea, pmax: 0xeb,
  convert_i32x4_s: 0xfa, convert_i32x4_u: 0xfb,
  relaxed_madd: 0x105, relaxed_nmadd: 0x106, relaxed_min: 0x10d, relaxed_max: 0x10e,
} as const;

export const F64x2Ops = {
  splat: 0x14,
  eq: 0x47, ne: 0x48, lt: 0x49, gt: 0x4a, le: 0x4b, ge: 0x4c,
  promote_low_f32x4: 0x5f,
  ceil: 0x74, floor: 0x75, trunc: 0x7a, nearest: 0x94,
  abs: 0xec, neg: 0xed, sqrt: 0xef, add: 0xf0, sub: 0xf1, mul: 0xf2, div: 0xf3, min: 0xf4, max: 0xf5, pmin: 0xf6, pmax: 0xf7,
  convert_low_i32x4_s: 0xfe, convert_low_i32x4_u: 0xff,
  relaxed_madd: 0x107, relaxed_nmadd: 0x108, relaxed_min: 0x10f, relaxed_max: 0x110,
} as const;
