// WebAssembly binary module builder: types (deduplicated), imports (memory and
// functions), functions with locals, globals, exports, and a typed code emitter.
import { ByteWriter, encodeS64, encodeU32 } from "./leb128.ts";
import {
  Ctl,
  F32Ops,
  F32x4Ops,
  F64Ops,
  F64x2Ops,
  FC_MEMORY_COPY,
  FC_MEMORY_FILL,
  I16x8Ops,
  I32Ops,
  I32x4Ops,
  I64Ops,
  I64x2Ops,
  I8x16Ops,
  MemOps,
  AtomicOps,
  PREFIX_ATOMIC,
  PREFIX_FC,
  PREFIX_SIMD,
  SatOps,
  SIMD_CONST,
  SIMD_SHUFFLE,
  SimdLaneMemOps,
  SimdLaneOps,
  SimdMemOps,
  V128Ops,
  ValTypeCode,
  type ValType,
} from "./opcodes.ts";
import { wasmApi, type WasmImports, type WasmInstance, type WasmModule } from "./wasm_api.ts";

export type { ValType };

/** Result/parameter signature of a function or a multi-value block. */
export interface FuncType {
  params: readonly ValType[];
  results: readonly ValType[];
}

/** Block type: no result, one value type, or a full signature (multi-value). */
export type BlockType = "void" | ValType | FuncType;

/** Memory immediate: byte offset and alignment in bytes (a power of two; defaults to natural). */
export interface MemArg {
  offset?: number;
  align?: number;
}

/** A structured-control label returned by block/loop/if; pass it to br/br_if. */
export class Label {
  constructor(
    readonly kind: "block" | "loop" | "if" | "func",
    readonly id: number,
  ) {}
}

type Emit0 = () => FunctionBuilder;
type Ns<T> = { readonly [K in keyof T]: Emit0 };
type MemNs<K extends string> = { readonly [P in K]: (m?: MemArg) => FunctionBuilder };

type I32Ns = Ns<typeof I32Ops> &
  MemNs<"load" | "load8_s" | "load8_u" | "load16_s" | "load16_u" | "store" | "store8" | "store16"> & {
    const(v: number): FunctionBuilder;
    trunc_sat_f32_s: Emit0;
    trunc_sat_f32_u: Emit0;
    trunc_sat_f64_s: Emit0;
    trunc_sat_f64_u: Emit0;
  };
type I64Ns = Ns<typeof I64Ops> &
  MemNs<"load" | "load8_s" | "load8_u" | "load16_s" | "load16_u" | "load32_s" | "load32_u" | "store" | "store8" | "store16" | "store32"> & {
    const(v: bigint | number): FunctionBuilder;
    trunc_sat_f32_s: Emit0;
    trunc_sat_f32_u: Emit0;
    trunc_sat_f64_s: Emit0;
    trunc_sat_f64_u: Emit0;
  };
type F32Ns = Ns<typeof F32Ops> & MemNs<"load" | "store"> & { const(v: number): FunctionBuilder };
type F64Ns = Ns<typeof F64Ops> & MemNs<"load" | "store"> & { const(v: number): FunctionBuilder };
type LaneNs = { extract_lane(i: number): FunctionBuilder; replace_lane(i: number): FunctionBuilder };
type LaneSNs = {
  extract_lane_s(i: number): FunctionBuilder;
  extract_lane_u(i: number): FunctionBuilder;
  replace_lane(i: number): FunctionBuilder;
};
type V128Ns = Ns<typeof V128Ops> &
  MemNs<keyof typeof SimdMemOps> & {
    /** 16 raw bytes, or any typed array / ArrayBuffer of 16 bytes. */
    const(bytes: ArrayLike<number> | ArrayBufferView | ArrayBuffer): FunctionBuilder;
    load_lane(op: keyof typeof SimdLaneMemOps, lane: number, m?: MemArg): FunctionBuilder;
  };

const ALIGN_LOG2: Record<number, number> = { 1: 0, 2: 1, 4: 2, 8: 3, 16: 4 };

/** What a namespace object holds: the builder its methods emit into. */
interface NsSelf {
  fb: FunctionBuilder;
}

/** Emits the code of one function. Obtain it from ModuleBuilder.addFunction. */
export class FunctionBuilder {
  readonly type: FuncType;
  readonly typeIndex: number;
  private readonly localTypes: ValType[] = [];
  private readonly code = new ByteWriter();
  private readonly ctl: Label[];
  private nextLabel = 1;
  private finished = false;

  readonly i32: I32Ns;
  readonly i64: I64Ns;
  readonly f32: F32Ns;
  readonly f64: F64Ns;
  readonly v128: V128Ns;
  readonly i8x16: Ns<typeof I8x16Ops> & LaneSNs & { shuffle(lanes: readonly number[]): FunctionBuilder };
  readonly i16x8: Ns<typeof I16x8Ops> & LaneSNs;
  readonly i32x4: Ns<typeof I32x4Ops> & LaneNs & { const(v: readonly number[]): FunctionBuilder };
  readonly i64x2: Ns<typeof I64x2Ops> & LaneNs & { const(v: readonly (bigint | number)[]): FunctionBuilder };
  readonly f32x4: Ns<typeof F32x4Ops> & LaneNs & { const(v: readonly number[]): FunctionBuilder };
  readonly f64x2: Ns<typeof F64x2Ops> & LaneNs & { const(v: readonly number[]): FunctionBuilder };

  constructor(
    readonly index: number,
    readonly name: string | undefined,
    type: FuncType,
    typeIndex: number,
  ) {
    this.type = { params: [...type.params], results: [...type.results] };
    this.typeIndex = typeIndex;
    this.ctl = [new Label("func", 0)];
    // The opcode namespaces share prototypes built once (a builder is made per
    // function, so per-instance closures for ~500 opcodes would dominate emission).
    const p = FunctionBuilder.namespaces();
    const ns = <T>(proto: object): T => {
      const o = Object.create(proto) as NsSelf;
      o.fb = this;
      return o as unknown as T;
    };
    this.i32 = ns(p.i32);
    this.i64 = ns(p.i64);
    this.f32 = ns(p.f32);
    this.f64 = ns(p.f64);
    this.v128 = ns(p.v128);
    this.i8x16 = ns(p.i8x16);
    this.i16x8 = ns(p.i16x8);
    this.i32x4 = ns(p.i32x4);
    this.i64x2 = ns(p.i64x2);
    this.f32x4 = ns(p.f32x4);
    this.f64x2 = ns(p.f64x2);
  }

  private static protos: Record<
    "i32" | "i64" | "f32" | "f64" | "v128" | "i8x16" | "i16x8" | "i32x4" | "i64x2" | "f32x4" | "f64x2",
    object
  > | null = null;

  /** The namespace prototypes: each method emits through `this.fb`. */
  private static namespaces(): NonNullable<typeof FunctionBuilder.protos> {
    if (FunctionBuilder.protos) return FunctionBuilder.protos;
    type M = Record<string, unknown>;
    const simple = (t: Record<string, number>, prefix?: number): M => {
      const o: M = {};
      for (const [k, op] of Object.entries(t)) {
        o[k] =
          prefix === undefined
            ? function (this: NsSelf) {
                return this.fb.op(op);
              }
            : function (this: NsSelf) {
                return this.fb.prefixed(prefix, op);
              };
      }
      return o;
    };
    const mem = (names: Record<string, string>, table: Record<string, readonly [number, number]>, simd: boolean): M => {
      const o: M = {};
      for (const [k, key] of Object.entries(names)) {
        const [op, natural] = table[key];
        o[k] = function (this: NsSelf, m?: MemArg) {
          const fb = this.fb;
          if (simd) fb.code.byte(PREFIX_SIMD).u32(op);
          else fb.code.byte(op);
          return fb.memarg(m, natural);
        };
      }
      return o;
    };
    const lanes = (prefix: string, signed: boolean): M => {
      const o: M = {};
      for (const suffix of signed ? ["extract_lane_s", "extract_lane_u", "replace_lane"] : ["extract_lane", "replace_lane"]) {
        const op = (SimdLaneOps as Record<string, number>)[`${prefix}_${suffix}`];
        o[suffix] = function (this: NsSelf, i: number) {
          this.fb.prefixed(PREFIX_SIMD, op);
          return this.fb.laneIdx(i);
        };
      }
      return o;
    };
    const sat = (p: "i32" | "i64"): M => {
      const o: M = {};
      for (const k of ["trunc_sat_f32_s", "trunc_sat_f32_u", "trunc_sat_f64_s", "trunc_sat_f64_u"] as const) {
        const op = SatOps[`${p}_${k}`];
        o[k] = function (this: NsSelf) {
          return this.fb.prefixed(PREFIX_FC, op);
        };
      }
      return o;
    };
    const memNames = (p: string, ks: readonly string[]) => Object.fromEntries(ks.map((k) => [k, `${p}_${k}`])) as Record<string, string>;
    const simdMemNames = Object.fromEntries(Object.keys(SimdMemOps).map((k) => [k, k])) as Record<string, string>;
    FunctionBuilder.protos = {
      i32: Object.assign(
        simple(I32Ops),
        mem(memNames("i32", ["load", "load8_s", "load8_u", "load16_s", "load16_u", "store", "store8", "store16"]), MemOps, false),
        sat("i32"),
        {
          const(this: NsSelf, v: number) {
            this.fb.code.byte(Ctl.i32_const).s32(v);
            return this.fb;
          },
        },
      ),
      i64: Object.assign(
        simple(I64Ops),
        mem(
          memNames("i64", [
            "load",
            "load8_s",
            "load8_u",
            "load16_s",
            "load16_u",
            "load32_s",
            "load32_u",
            "store",
            "store8",
            "store16",
            "store32",
          ]),
          MemOps,
          false,
        ),
        sat("i64"),
        {
          const(this: NsSelf, v: bigint | number) {
            this.fb.code.byte(Ctl.i64_const).bytes(encodeS64(v));
            return this.fb;
          },
        },
      ),
      f32: Object.assign(simple(F32Ops), mem(memNames("f32", ["load", "store"]), MemOps, false), {
        const(this: NsSelf, v: number) {
          this.fb.code.byte(Ctl.f32_const).f32(v);
          return this.fb;
        },
      }),
      f64: Object.assign(simple(F64Ops), mem(memNames("f64", ["load", "store"]), MemOps, false), {
        const(this: NsSelf, v: number) {
          this.fb.code.byte(Ctl.f64_const).f64(v);
          return this.fb;
        },
      }),
      v128: Object.assign(simple(V128Ops, PREFIX_SIMD), mem(simdMemNames, SimdMemOps, true), {
        const(this: NsSelf, bytes: ArrayLike<number> | ArrayBufferView | ArrayBuffer) {
          return this.fb.v128Const(bytes);
        },
        load_lane(this: NsSelf, op: keyof typeof SimdLaneMemOps, lane: number, m?: MemArg) {
          const [code, natural] = SimdLaneMemOps[op];
          this.fb.code.byte(PREFIX_SIMD).u32(code);
          this.fb.memarg(m, natural);
          return this.fb.laneIdx(lane);
        },
      }),
      i8x16: Object.assign(simple(I8x16Ops, PREFIX_SIMD), lanes("i8x16", true), {
        shuffle(this: NsSelf, l: readonly number[]) {
          if (l.length !== 16 || l.some((x) => !Number.isInteger(x) || x < 0 || x > 31))
            throw new RangeError("i8x16.shuffle needs 16 lane indices in 0..31");
          this.fb.prefixed(PREFIX_SIMD, SIMD_SHUFFLE);
          this.fb.code.bytes(l);
          return this.fb;
        },
      }),
      i16x8: Object.assign(simple(I16x8Ops, PREFIX_SIMD), lanes("i16x8", true)),
      i32x4: Object.assign(simple(I32x4Ops, PREFIX_SIMD), lanes("i32x4", false), {
        const(this: NsSelf, v: readonly number[]) {
          return this.fb.v128Const(new Int32Array(v.map((x) => x | 0)));
        },
      }),
      i64x2: Object.assign(simple(I64x2Ops, PREFIX_SIMD), lanes("i64x2", false), {
        const(this: NsSelf, v: readonly (bigint | number)[]) {
          return this.fb.v128Const(new BigInt64Array(v.map((x) => BigInt.asIntN(64, BigInt(x)))));
        },
      }),
      f32x4: Object.assign(simple(F32x4Ops, PREFIX_SIMD), lanes("f32x4", false), {
        const(this: NsSelf, v: readonly number[]) {
          return this.fb.v128Const(new Float32Array(v));
        },
      }),
      f64x2: Object.assign(simple(F64x2Ops, PREFIX_SIMD), lanes("f64x2", false), {
        const(this: NsSelf, v: readonly number[]) {
          return this.fb.v128Const(new Float64Array(v));
        },
      }),
    };
    return FunctionBuilder.protos;
  }

  // ---- raw emission ----
  /** Emits one raw opcode byte (escape hatch). */
  op(byte: number): this {
    this.assertOpen();
    this.code.byte(byte);
    return this;
  }
  /** Emits a prefixed opcode (0xFC / 0xFD / 0xFE) with a LEB128 sub-opcode. */
  prefixed(prefix: number, sub: number): this {
    this.assertOpen();
    this.code.byte(prefix).u32(sub);
    return this;
  }
  /** Emits raw bytes (escape hatch). */
  raw(bytes: ArrayLike<number>): this {
    this.assertOpen();
    this.code.bytes(bytes);
    return this;
  }

  private memarg(m: MemArg | undefined, natural: number): this {
    const align = m?.align ?? natural;
    const a = ALIGN_LOG2[align];
    if (a === undefined || align > natural) throw new RangeError(`bad alignment ${align} (natural ${natural})`);
    this.code.u32(a).u32(m?.offset ?? 0);
    return this;
  }
  private laneIdx(i: number): this {
    if (!Number.isInteger(i) || i < 0 || i > 15) throw new RangeError(`bad lane index ${i}`);
    this.code.byte(i);
    return this;
  }
  private v128Const(src: ArrayLike<number> | ArrayBufferView | ArrayBuffer): this {
    let bytes: Uint8Array;
    if (src instanceof ArrayBuffer) bytes = new Uint8Array(src);
    else if (ArrayBuffer.isView(src)) bytes = new Uint8Array(src.buffer, src.byteOffset, src.byteLength);
    else bytes = Uint8Array.from(src);
    if (bytes.length !== 16) throw new RangeError(`v128.const needs 16 bytes, got ${bytes.length}`);
    this.prefixed(PREFIX_SIMD, SIMD_CONST);
    this.code.bytes(bytes);
    return this;
  }

  // ---- locals ----
  /** Number of params + declared locals. */
  get numLocals(): number {
    return this.type.params.length + this.localTypes.length;
  }
  /** Declares a local; returns its index. */
  addLocal(type: ValType): number {
    this.localTypes.push(type);
    return this.numLocals - 1;
  }
  /** The type of local (or param) i. */
  localType(i: number): ValType {
    const p = this.type.params.length;
    const t = i < p ? this.type.params[i] : this.localTypes[i - p];
    if (t === undefined) throw new RangeError(`no local ${i}`);
    return t;
  }
  local_get(i: number): this {
    this.localType(i);
    return this.op(Ctl.local_get).u(i);
  }
  local_set(i: number): this {
    this.localType(i);
    return this.op(Ctl.local_set).u(i);
  }
  local_tee(i: number): this {
    this.localType(i);
    return this.op(Ctl.local_tee).u(i);
  }
  global_get(i: number): this {
    return this.op(Ctl.global_get).u(i);
  }
  global_set(i: number): this {
    return this.op(Ctl.global_set).u(i);
  }
  private u(v: number): this {
    this.code.u32(v);
    return this;
  }

  // ---- control ----
  private blockType: (bt: BlockType) => void = () => {};
  /** @internal set by ModuleBuilder to resolve multi-value block signatures. */
  setTypeResolver(resolve: (t: FuncType) => number): void {
    this.blockType = (bt) => {
      if (bt === "void") this.code.byte(0x40);
      else if (typeof bt === "string") this.code.byte(ValTypeCode[bt]);
      else if (bt.params.length === 0 && bt.results.length === 0) this.code.byte(0x40);
      else if (bt.params.length === 0 && bt.results.length === 1) this.code.byte(ValTypeCode[bt.results[0]]);
      else this.code.s32(resolve(bt));
    };
  }
  private open(kind: "block" | "loop" | "if", bt: BlockType): Label {
    this.op(Ctl[kind]);
    this.blockType(bt);
    const l = new Label(kind, this.nextLabel++);
    this.ctl.push(l);
    return l;
  }
  block(bt: BlockType = "void"): Label {
    return this.open("block", bt);
  }
  loop(bt: BlockType = "void"): Label {
    return this.open("loop", bt);
  }
  /** `if` (named if_ as `if` is a keyword in some call sites; both work). */
  if_(bt: BlockType = "void"): Label {
    return this.open("if", bt);
  }
  if(bt: BlockType = "void"): Label {
    return this.open("if", bt);
  }
  else_(): this {
    const top = this.ctl[this.ctl.length - 1];
    if (top.kind !== "if") throw new Error("else without if");
    return this.op(Ctl.else);
  }
  else(): this {
    return this.else_();
  }
  /** Closes the innermost block/loop/if. */
  end(): this {
    if (this.ctl.length <= 1) throw new Error("end: no open block (the function's own end is added by finish)");
    this.ctl.pop();
    return this.op(Ctl.end);
  }
  /** Relative depth of a label from the current position. */
  depth(l: Label | number): number {
    if (typeof l === "number") return l;
    const i = this.ctl.lastIndexOf(l);
    if (i < 0) throw new Error("branch to a label that is not open");
    return this.ctl.length - 1 - i;
  }
  /** The function body's label (br to it returns). */
  get funcLabel(): Label {
    return this.ctl[0];
  }
  br(l: Label | number): this {
    return this.op(Ctl.br).u(this.depth(l));
  }
  br_if(l: Label | number): this {
    return this.op(Ctl.br_if).u(this.depth(l));
  }
  br_table(targets: readonly (Label | number)[], dflt: Label | number): this {
    this.op(Ctl.br_table).u(targets.length);
    for (const t of targets) this.u(this.depth(t));
    return this.u(this.depth(dflt));
  }
  return_(): this {
    return this.op(Ctl.return);
  }
  return(): this {
    return this.return_();
  }
  call(f: number | FunctionBuilder): this {
    return this.op(Ctl.call).u(typeof f === "number" ? f : f.index);
  }
  drop(): this {
    return this.op(Ctl.drop);
  }
  /** `select`; pass a type for the typed form (required for v128 by some engines' older versions). */
  select(t?: ValType): this {
    if (t === undefined) return this.op(Ctl.select);
    this.op(Ctl.select_t).u(1);
    this.code.byte(ValTypeCode[t]);
    return this;
  }
  unreachable(): this {
    return this.op(Ctl.unreachable);
  }
  nop(): this {
    return this.op(Ctl.nop);
  }
  memory_size(): this {
    this.op(Ctl.memory_size);
    this.code.byte(0);
    return this;
  }
  memory_grow(): this {
    this.op(Ctl.memory_grow);
    this.code.byte(0);
    return this;
  }
  memory_copy(): this {
    this.prefixed(PREFIX_FC, FC_MEMORY_COPY);
    this.code.byte(0).byte(0);
    return this;
  }
  memory_fill(): this {
    this.prefixed(PREFIX_FC, FC_MEMORY_FILL);
    this.code.byte(0);
    return this;
  }
  /** Sequentially consistent i32 accesses on (shared) memory: [addr] -> [value]. */
  i32_atomic_load(offset = 0): this {
    this.prefixed(PREFIX_ATOMIC, AtomicOps.i32_load);
    return this.memarg({ offset, align: 4 }, 4);
  }
  /** [addr, value] -> [] */
  i32_atomic_store(offset = 0): this {
    this.prefixed(PREFIX_ATOMIC, AtomicOps.i32_store);
    return this.memarg({ offset, align: 4 }, 4);
  }
  /** [addr, value] -> [old] */
  i32_atomic_rmw_add(offset = 0): this {
    this.prefixed(PREFIX_ATOMIC, AtomicOps.i32_rmw_add);
    return this.memarg({ offset, align: 4 }, 4);
  }
  /** [addr, expected, replacement] -> [old] */
  i32_atomic_rmw_cmpxchg(offset = 0): this {
    this.prefixed(PREFIX_ATOMIC, AtomicOps.i32_rmw_cmpxchg);
    return this.memarg({ offset, align: 4 }, 4);
  }

  // ---- finishing ----
  private assertOpen(): void {
    if (this.finished) throw new Error(`function ${this.name ?? this.index} is already finished`);
  }
  get isFinished(): boolean {
    return this.finished;
  }
  /** Appends the function's final `end`. Called by ModuleBuilder.toBytes if not called before. */
  finish(): void {
    if (this.finished) return;
    if (this.ctl.length !== 1) throw new Error(`function ${this.name ?? this.index}: ${this.ctl.length - 1} unclosed block(s)`);
    this.code.byte(Ctl.end);
    this.finished = true;
  }
  /** Body bytes: local declarations + code (finishes the function). */
  body(): Uint8Array {
    this.finish();
    const w = new ByteWriter();
    const groups: [number, ValType][] = [];
    for (const t of this.localTypes) {
      const g = groups[groups.length - 1];
      if (g && g[1] === t) g[0]++;
      else groups.push([1, t]);
    }
    w.u32(groups.length);
    for (const [n, t] of groups) w.u32(n).byte(ValTypeCode[t]);
    w.bytes(this.code.finish());
    return w.finish();
  }
}

export interface MemoryImport {
  module?: string;
  name?: string;
  min: number;
  max?: number;
  shared?: boolean;
}

interface ImportedFunc {
  module: string;
  name: string;
  typeIndex: number;
  type: FuncType;
}
interface Global {
  type: ValType;
  mutable: boolean;
  init: number | bigint;
}
type ExportKind = "func" | "memory" | "global";

/** Builds a WebAssembly module in binary form. Import everything before adding functions. */
export class ModuleBuilder {
  private readonly types: FuncType[] = [];
  private readonly typeKeys = new Map<string, number>();
  private readonly importedFuncs: ImportedFunc[] = [];
  private memory: MemoryImport | null = null;
  private readonly funcs: FunctionBuilder[] = [];
  private readonly globals: Global[] = [];
  private readonly exports: { name: string; kind: ExportKind; index: number }[] = [];
  /** Emit a "name" custom section with function names (debugging / stack traces). */
  names = true;

  /** Index of a function type, deduplicated. */
  addType(params: readonly ValType[], results: readonly ValType[]): number {
    const key = `${params.join(",")}->${results.join(",")}`;
    let i = this.typeKeys.get(key);
    if (i === undefined) {
      i = this.types.length;
      this.types.push({ params: [...params], results: [...results] });
      this.typeKeys.set(key, i);
    }
    return i;
  }
  get typeCount(): number {
    return this.types.length;
  }

  /** Imports the module's memory (default `env.memory`). Shared memory requires `max`. */
  importMemory(m: MemoryImport): void {
    if (this.memory) throw new Error("memory already imported");
    if (m.shared && m.max === undefined) throw new Error("shared memory needs a maximum");
    if (m.max !== undefined && m.max < m.min) throw new Error("memory max < min");
    this.memory = { module: "env", name: "memory", ...m };
  }

  /** Imports a function; returns its function index. Must precede addFunction. */
  importFunction(module: string, name: string, params: readonly ValType[], results: readonly ValType[]): number {
    if (this.funcs.length > 0) throw new Error("import functions before defining any (function indices would shift)");
    const typeIndex = this.addType(params, results);
    this.importedFuncs.push({ module, name, typeIndex, type: { params: [...params], results: [...results] } });
    return this.importedFuncs.length - 1;
  }

  /** Declares a function (its index is final now); emit its body through the returned builder. */
  addFunction(
    name: string | undefined,
    params: readonly ValType[],
    results: readonly ValType[],
    opts: { export?: boolean | string } = {},
  ): FunctionBuilder {
    const typeIndex = this.addType(params, results);
    const fb = new FunctionBuilder(this.importedFuncs.length + this.funcs.length, name, { params, results }, typeIndex);
    fb.setTypeResolver((t) => this.addType(t.params, t.results));
    this.funcs.push(fb);
    if (opts.export) this.exportFunction(typeof opts.export === "string" ? opts.export : name!, fb.index);
    return fb;
  }

  /** A defined (not imported) function by index, if any. */
  functionAt(index: number): FunctionBuilder | undefined {
    return this.funcs[index - this.importedFuncs.length];
  }
  get functionCount(): number {
    return this.importedFuncs.length + this.funcs.length;
  }

  /** Adds a global with a constant initialiser; returns its index. */
  addGlobal(type: "i32" | "i64" | "f32" | "f64", mutable: boolean, init: number | bigint = 0): number {
    this.globals.push({ type, mutable, init });
    return this.globals.length - 1;
  }

  exportFunction(name: string, index: number | FunctionBuilder): void {
    this.addExport(name, "func", typeof index === "number" ? index : index.index);
  }
  exportMemory(name = "memory"): void {
    this.addExport(name, "memory", 0);
  }
  exportGlobal(name: string, index: number): void {
    this.addExport(name, "global", index);
  }
  private addExport(name: string, kind: ExportKind, index: number): void {
    if (this.exports.some((e) => e.name === name)) throw new Error(`duplicate export '${name}'`);
    this.exports.push({ name, kind, index });
  }

  /** The module's binary encoding. */
  toBytes(): Uint8Array {
    const out = new ByteWriter();
    out.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const section = (id: number, fill: (w: ByteWriter) => void) => {
      const w = new ByteWriter();
      fill(w);
      out.byte(id).sized(w);
    };
    // Bodies first: they may register block types.
    const bodies = this.funcs.map((f) => f.body());
    if (this.types.length)
      section(1, (w) => {
        w.u32(this.types.length);
        for (const t of this.types) {
          w.byte(0x60).u32(t.params.length);
          for (const p of t.params) w.byte(ValTypeCode[p]);
          w.u32(t.results.length);
          for (const r of t.results) w.byte(ValTypeCode[r]);
        }
      });
    const nImports = this.importedFuncs.length + (this.memory ? 1 : 0);
    if (nImports)
      section(2, (w) => {
        w.u32(nImports);
        if (this.memory) {
          const m = this.memory;
          w.name(m.module!).name(m.name!).byte(0x02);
          if (m.max === undefined) w.byte(0x00).u32(m.min);
          else
            w.byte(m.shared ? 0x03 : 0x01)
              .u32(m.min)
              .u32(m.max);
        }
        for (const f of this.importedFuncs) w.name(f.module).name(f.name).byte(0x00).u32(f.typeIndex);
      });
    if (this.funcs.length)
      section(3, (w) => {
        w.u32(this.funcs.length);
        for (const f of this.funcs) w.u32(f.typeIndex);
      });
    if (this.globals.length)
      section(6, (w) => {
        w.u32(this.globals.length);
        for (const g of this.globals) {
          w.byte(ValTypeCode[g.type]).byte(g.mutable ? 1 : 0);
          if (g.type === "i32") w.byte(Ctl.i32_const).s32(Number(g.init));
          else if (g.type === "i64") w.byte(Ctl.i64_const).s64(g.init);
          else if (g.type === "f32") w.byte(Ctl.f32_const).f32(Number(g.init));
          else w.byte(Ctl.f64_const).f64(Number(g.init));
          w.byte(Ctl.end);
        }
      });
    if (this.exports.length)
      section(7, (w) => {
        w.u32(this.exports.length);
        for (const e of this.exports)
          w.name(e.name)
            .byte(e.kind === "func" ? 0 : e.kind === "memory" ? 2 : 3)
            .u32(e.index);
      });
    if (this.funcs.length)
      section(10, (w) => {
        w.u32(bodies.length);
        for (const b of bodies) w.sized(b);
      });
    if (this.names) {
      const named: [number, string][] = [];
      this.importedFuncs.forEach((f, i) => named.push([i, `${f.module}.${f.name}`]));
      for (const f of this.funcs) if (f.name !== undefined) named.push([f.index, f.name]);
      if (named.length)
        section(0, (w) => {
          w.name("name");
          const sub = new ByteWriter();
          sub.u32(named.length);
          for (const [i, n] of named) sub.u32(i).name(n);
          w.byte(1).sized(sub);
        });
    }
    return out.finish();
  }

  /** Compiles synchronously (fine for small modules; use WebAssembly.compile for big ones in browsers). */
  compile(): WasmModule {
    return new (wasmApi().Module)(this.toBytes());
  }
  /** Compiles and instantiates synchronously. */
  instantiate(imports: WasmImports = {}): WasmInstance {
    return new (wasmApi().Instance)(this.compile(), imports);
  }
}

export { encodeU32 };
