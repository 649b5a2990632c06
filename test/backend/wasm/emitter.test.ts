import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ModuleBuilder,
  encodeS32,
  encodeS64,
  encodeU32,
  hasRelaxedSimd,
  hasSimd,
  wasmApi,
  type FunctionBuilder,
  type ValType,
} from "../../../src/backend/wasm/emitter/index.ts";

const W = wasmApi();
type Fn = (...a: number[]) => number;

test("LEB128 encoders", () => {
  assert.deepEqual(encodeU32(0), [0]);
  assert.deepEqual(encodeU32(127), [0x7f]);
  assert.deepEqual(encodeU32(128), [0x80, 0x01]);
  assert.deepEqual(encodeU32(624485), [0xe5, 0x8e, 0x26]);
  assert.deepEqual(encodeU32(0xffffffff), [0xff, 0xff, 0xff, 0xff, 0x0f]);
  assert.deepEqual(encodeS32(0), [0]);
  assert.deepEqual(encodeS32(-1), [0x7f]);
  assert.deepEqual(encodeS32(63), [0x3f]);
  assert.deepEqual(encodeS32(64), [0xc0, 0x00]);
  assert.deepEqual(encodeS32(-64), [0x40]);
  assert.deepEqual(encodeS32(-65), [0xbf, 0x7f]);
  assert.deepEqual(encodeS32(-123456), [0xc0, 0xbb, 0x78]);
  assert.deepEqual(encodeS32(0x80000000), encodeS32(-0x80000000));
  assert.deepEqual(encodeS64(-1n), [0x7f]);
  assert.deepEqual(encodeS64(1n << 63n), encodeS64(-(1n << 63n)));
  assert.deepEqual(encodeS64(-(1n << 63n)), [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]);
  assert.throws(() => encodeU32(-1));
  assert.throws(() => encodeS32(2 ** 32));
});

test("type section deduplicates signatures", () => {
  const mb = new ModuleBuilder();
  const a = mb.addType(["i32", "f32"], ["f32"]);
  const b = mb.addType(["i32", "f32"], ["f32"]);
  const c = mb.addType(["i32"], ["f32"]);
  assert.equal(a, b);
  assert.notEqual(a, c);
  mb.addFunction("f", ["i32", "f32"], ["f32"]).local_get(1);
  assert.equal(mb.typeCount, 2);
  assert.ok(W.validate(mb.toBytes()));
});

test("scalar loop sum over imported shared memory", () => {
  const mb = new ModuleBuilder();
  mb.importMemory({ min: 1, max: 4, shared: true });
  const f = mb.addFunction("sum", ["i32", "i32"], ["f32"], { export: true });
  const acc = f.addLocal("f32");
  const i = f.addLocal("i32");
  const done = f.block();
  const lp = f.loop();
  f.local_get(i).local_get(1).i32.ge_s().br_if(done);
  f.local_get(acc).local_get(0).local_get(i).i32.const(2).i32.shl().i32.add().f32.load().f32.add().local_set(acc);
  f.local_get(i).i32.const(1).i32.add().local_set(i).br(lp);
  f.end().end();
  f.local_get(acc);
  const memory = new W.Memory({ initial: 1, maximum: 4, shared: true });
  assert.ok(memory.buffer instanceof SharedArrayBuffer);
  const inst = mb.instantiate({ env: { memory } });
  const xs = new Float32Array(memory.buffer, 64, 100);
  for (let k = 0; k < 100; k++) xs[k] = k * 0.5;
  assert.equal((inst.exports.sum as Fn)(64, 100), 2475);
  assert.equal((inst.exports.sum as Fn)(64, 0), 0);
});

test("SIMD vector add with a scalar tail (v128.load/store with offsets, f32x4.add)", () => {
  const mb = new ModuleBuilder();
  mb.importMemory({ min: 1 });
  const f = mb.addFunction("add", ["i32", "i32", "i32", "i32"], [], { export: true }); // a, b, out, n
  const i = f.addLocal("i32");
  const n4 = f.addLocal("i32");
  const addr = (base: number) => f.local_get(base).local_get(i).i32.const(2).i32.shl().i32.add();
  f.local_get(3).i32.const(-4).i32.and().local_set(n4);
  let out = f.block();
  let lp = f.loop();
  f.local_get(i).local_get(n4).i32.ge_u().br_if(out);
  addr(2);
  addr(0).v128.load({ align: 4 });
  addr(1).v128.load();
  f.f32x4.add().v128.store();
  f.local_get(i).i32.const(4).i32.add().local_set(i).br(lp);
  f.end().end();
  out = f.block();
  lp = f.loop();
  f.local_get(i).local_get(3).i32.ge_u().br_if(out);
  addr(2);
  addr(0).f32.load({ offset: 0, align: 4 });
  addr(1).f32.load();
  f.f32.add().f32.store();
  f.local_get(i).i32.const(1).i32.add().local_set(i).br(lp);
  f.end().end();
  const memory = new W.Memory({ initial: 1 });
  const inst = mb.instantiate({ env: { memory } });
  for (const n of [0, 1, 3, 4, 7, 8, 13]) {
    const heap = new Float32Array(memory.buffer);
    heap.fill(-1);
    for (let k = 0; k < n; k++) {
      heap[k] = k;
      heap[100 + k] = 10 * k;
    }
    (inst.exports.add as Fn)(0, 400, 800, n);
    for (let k = 0; k < n; k++) assert.equal(heap[200 + k], 11 * k);
    assert.equal(heap[200 + n], -1, "wrote past the end");
  }
});

test("loop with br_if, if/else, select, call, imported function, globals, multi-value block", () => {
  const mb = new ModuleBuilder();
  const log: number[] = [];
  const imp = mb.importFunction("host", "log", ["i32"], []);
  const g = mb.addGlobal("i32", true, 0);
  const sq = mb.addFunction("sq", ["i32"], ["i32"]);
  sq.local_get(0).local_get(0).i32.mul();
  const f = mb.addFunction("collatz", ["i32"], ["i32"], { export: true });
  const steps = f.addLocal("i32");
  const lp = f.loop();
  f.local_get(0).call(imp);
  f.local_get(0).i32.const(1).i32.ne();
  f.if_();
  {
    f.local_get(0).i32.const(1).i32.and();
    f.if_("i32");
    f.local_get(0).i32.const(3).i32.mul().i32.const(1).i32.add();
    f.else_();
    f.local_get(0).i32.const(1).i32.shr_u();
    f.end();
    f.local_set(0);
    f.local_get(steps).i32.const(1).i32.add().local_set(steps);
    f.br(lp);
  }
  f.end();
  f.end();
  f.global_get(g).i32.const(1).i32.add().global_set(g);
  // select + call: steps < 10 ? sq(steps) : steps
  f.local_get(steps).call(sq).local_get(steps).local_get(steps).i32.const(10).i32.lt_s().select();
  const mv = mb.addFunction("swap", ["i32", "i32"], ["i32", "i32"], { export: true });
  mv.local_get(1).local_get(0);
  mv.block({ params: ["i32", "i32"], results: ["i32", "i32"] });
  mv.end();
  mb.exportGlobal("calls", g);
  const inst = mb.instantiate({ host: { log: (v: number) => log.push(v) } });
  const collatz = inst.exports.collatz as Fn;
  assert.equal(collatz(6), 64); // 6 3 10 5 16 8 4 2 1: 8 steps -> 64
  assert.deepEqual(log, [6, 3, 10, 5, 16, 8, 4, 2, 1]);
  assert.equal(collatz(27), 111);
  assert.deepEqual((inst.exports.swap as (a: number, b: number) => number[])(1, 2), [2, 1]);
  assert.equal((inst.exports.calls as { value: number }).value, 2);
  assert.throws(() => mb.importFunction("x", "y", [], []), /before defining/);
});

test("builder errors: unbalanced blocks, bad alignment, bad lanes", () => {
  const mb = new ModuleBuilder();
  const f = mb.addFunction("f", [], []);
  f.block();
  assert.throws(() => mb.toBytes(), /unclosed/);
  const g = new ModuleBuilder().addFunction("g", [], []);
  assert.throws(() => g.i32.load({ align: 8 }), /alignment/);
  assert.throws(() => g.f32x4.extract_lane(16), /lane/);
  assert.throws(() => g.end(), /no open block/);
});

// ---- opcode semantics: every helper runs and matches the spec's meaning ----

const f32 = Math.fround;
const F32S = [0, -0, 1.5, -2.5, 3.75, -1e-3, 7, 0.5, NaN, Infinity, -Infinity, 2.5, -0.5, 1e30, -7.25, 3].map(Math.fround);
const I32S = [0, 1, -1, 7, -8, 0x7fffffff, -0x80000000, 12345, -999, 31, 32, 2, 1 << 20, 3, -3, 100];

function v128Module(ops: Record<string, [ValType[], ValType, (f: FunctionBuilder) => void]>) {
  const mb = new ModuleBuilder();
  mb.importMemory({ min: 1 });
  for (const [name, [params, result, body]] of Object.entries(ops)) {
    // wrapper: loads v128 params from memory[0..], stores result at 256
    const f = mb.addFunction(name, [], [], { export: true });
    f.i32.const(256);
    params.forEach((p, k) => {
      f.i32.const(16 * k);
      if (p === "v128") f.v128.load();
      else if (p === "f32") f.f32.load();
      else if (p === "f64") f.f64.load();
      else if (p === "i64") f.i64.load();
      else f.i32.load();
    });
    body(f);
    if (result === "v128") f.v128.store();
    else if (result === "f32") f.f32.store();
    else if (result === "f64") f.f64.store();
    else if (result === "i64") f.i64.store();
    else f.i32.store();
  }
  const memory = new W.Memory({ initial: 1 });
  const inst = mb.instantiate({ env: { memory } });
  return { inst, memory };
}

const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

test("f32x4 / f64x2 / i32x4 / v128 opcodes compute what the spec says", () => {
  const bin = (op: (f: FunctionBuilder) => void): [ValType[], ValType, (f: FunctionBuilder) => void] => [["v128", "v128"], "v128", op];
  const un = (op: (f: FunctionBuilder) => void): [ValType[], ValType, (f: FunctionBuilder) => void] => [["v128"], "v128", op];
  const fops: Record<string, [(f: FunctionBuilder) => void, (a: number, b: number) => number]> = {
    add: [(f) => f.f32x4.add(), (a, b) => a + b],
    sub: [(f) => f.f32x4.sub(), (a, b) => a - b],
    mul: [(f) => f.f32x4.mul(), (a, b) => a * b],
    div: [(f) => f.f32x4.div(), (a, b) => a / b],
    min: [(f) => f.f32x4.min(), (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b))],
    max: [(f) => f.f32x4.max(), (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b))],
    pmin: [(f) => f.f32x4.pmin(), (a, b) => (b < a ? b : a)],
    pmax: [(f) => f.f32x4.pmax(), (a, b) => (a < b ? b : a)],
    sqrt: [(f) => f.f32x4.sqrt(), (a) => Math.sqrt(a)],
    abs: [(f) => f.f32x4.abs(), (a) => Math.abs(a)],
    neg: [(f) => f.f32x4.neg(), (a) => -a],
    ceil: [(f) => f.f32x4.ceil(), (a) => Math.ceil(a)],
    floor: [(f) => f.f32x4.floor(), (a) => Math.floor(a)],
    trunc: [(f) => f.f32x4.trunc(), (a) => Math.trunc(a)],
    nearest: [
      (f) => f.f32x4.nearest(),
      (a) => {
        const r = Math.round(a);
        return (r - a === 0.5 && r % 2 !== 0 ? r - 1 : r) || a * 0;
      },
    ],
  };
  const cmps: Record<string, [(f: FunctionBuilder) => void, (a: number, b: number) => boolean]> = {
    eq: [(f) => f.f32x4.eq(), (a, b) => a === b],
    ne: [(f) => f.f32x4.ne(), (a, b) => a !== b],
    lt: [(f) => f.f32x4.lt(), (a, b) => a < b],
    gt: [(f) => f.f32x4.gt(), (a, b) => a > b],
    le: [(f) => f.f32x4.le(), (a, b) => a <= b],
    ge: [(f) => f.f32x4.ge(), (a, b) => a >= b],
  };
  const iops: Record<string, [(f: FunctionBuilder) => void, (a: number, b: number) => number]> = {
    iadd: [(f) => f.i32x4.add(), (a, b) => (a + b) | 0],
    isub: [(f) => f.i32x4.sub(), (a, b) => (a - b) | 0],
    imul: [(f) => f.i32x4.mul(), (a, b) => Math.imul(a, b)],
    and: [(f) => f.v128.and(), (a, b) => a & b],
    or: [(f) => f.v128.or(), (a, b) => a | b],
    xor: [(f) => f.v128.xor(), (a, b) => a ^ b],
    andnot: [(f) => f.v128.andnot(), (a, b) => a & ~b],
    min_s: [(f) => f.i32x4.min_s(), (a, b) => Math.min(a, b)],
    max_s: [(f) => f.i32x4.max_s(), (a, b) => Math.max(a, b)],
    ieq: [(f) => f.i32x4.eq(), (a, b) => (a === b ? -1 : 0)],
    igt_s: [(f) => f.i32x4.gt_s(), (a, b) => (a > b ? -1 : 0)],
  };
  const ops: Record<string, [ValType[], ValType, (f: FunctionBuilder) => void]> = {};
  for (const [k, [op, ref]] of Object.entries(fops)) ops[`f_${k}`] = ref.length === 1 ? un(op) : bin(op);
  for (const [k, [op]] of Object.entries(cmps)) ops[`c_${k}`] = bin(op);
  for (const [k, [op]] of Object.entries(iops)) ops[`i_${k}`] = bin(op);
  Object.assign(ops, {
    not: un((f) => f.v128.not()),
    bitselect: [["v128", "v128", "v128"], "v128", (f: FunctionBuilder) => f.v128.bitselect()],
    shl: un((f) => f.i32.const(3).i32x4.shl()),
    shr_s: un((f) => f.i32.const(35).i32x4.shr_s()),
    shr_u: un((f) => f.i32.const(3).i32x4.shr_u()),
    cvt: un((f) => f.f32x4.convert_i32x4_s()),
    tsat: un((f) => f.i32x4.trunc_sat_f32x4_s()),
    splat: [["f32"], "v128", (f: FunctionBuilder) => f.f32x4.splat()],
    isplat: [["i32"], "v128", (f: FunctionBuilder) => f.i32x4.splat()],
    ext2: [["v128"], "f32", (f: FunctionBuilder) => f.f32x4.extract_lane(2)],
    rep1: [["v128", "f32"], "v128", (f: FunctionBuilder) => f.f32x4.replace_lane(1)],
    iext3: [["v128"], "i32", (f: FunctionBuilder) => f.i32x4.extract_lane(3)],
    dadd: bin((f) => f.f64x2.add()),
    dmul: bin((f) => f.f64x2.mul()),
    dmin: bin((f) => f.f64x2.min()),
    dsqrt: un((f) => f.f64x2.sqrt()),
    promote: un((f) => f.f64x2.promote_low_f32x4()),
    demote: un((f) => f.f32x4.demote_f64x2_zero()),
    any: [["v128"], "i32", (f: FunctionBuilder) => f.v128.any_true()],
    all: [["v128"], "i32", (f: FunctionBuilder) => f.i32x4.all_true()],
    bitmask: [["v128"], "i32", (f: FunctionBuilder) => f.i32x4.bitmask()],
    shuffle: bin((f) => f.i8x16.shuffle([4, 5, 6, 7, 16, 17, 18, 19, 0, 1, 2, 3, 28, 29, 30, 31])),
    constant: [[], "v128", (f: FunctionBuilder) => f.f32x4.const([1, -2, 3.5, NaN])],
  });
  const { inst, memory } = v128Module(ops);
  const heapF = new Float32Array(memory.buffer);
  const heapI = new Int32Array(memory.buffer);
  const heapD = new Float64Array(memory.buffer);
  const run = (name: string) => (inst.exports[name] as () => void)();
  for (let rot = 0; rot < 4; rot++) {
    const a = [0, 1, 2, 3].map((k) => F32S[(k + rot * 4) % 16]);
    const b = [0, 1, 2, 3].map((k) => F32S[(k * 3 + rot * 5 + 1) % 16]);
    const ia = [0, 1, 2, 3].map((k) => I32S[(k + rot * 4) % 16]);
    const ib = [0, 1, 2, 3].map((k) => I32S[(k * 7 + rot * 3 + 2) % 16]);
    for (const [k, [, ref]] of Object.entries(fops)) {
      heapF.set(a, 0);
      heapF.set(b, 4);
      run(`f_${k}`);
      for (let l = 0; l < 4; l++) assert.ok(same(heapF[64 + l], f32(ref(a[l], b[l]))), `f32x4.${k}(${a[l]}, ${b[l]}) = ${heapF[64 + l]}`);
    }
    for (const [k, [, ref]] of Object.entries(cmps)) {
      heapF.set(a, 0);
      heapF.set(b, 4);
      run(`c_${k}`);
      for (let l = 0; l < 4; l++) assert.equal(heapI[64 + l], ref(a[l], b[l]) ? -1 : 0, `f32x4.${k}`);
    }
    for (const [k, [, ref]] of Object.entries(iops)) {
      heapI.set(ia, 0);
      heapI.set(ib, 4);
      run(`i_${k}`);
      for (let l = 0; l < 4; l++) assert.equal(heapI[64 + l], ref(ia[l], ib[l]), `${k}(${ia[l]}, ${ib[l]})`);
    }
    heapI.set(ia, 0);
    run("not");
    for (let l = 0; l < 4; l++) assert.equal(heapI[64 + l], ~ia[l]);
    heapI.set(ia, 0);
    heapI.set(ib, 4);
    heapI.set([0xff00ff00, 0, -1, 0x0f0f0f0f], 8);
    run("bitselect");
    for (let l = 0; l < 4; l++) {
      const m = heapI[8 + l];
      assert.equal(heapI[64 + l], (ia[l] & m) | (ib[l] & ~m));
    }
    heapI.set(ia, 0);
    run("shl");
    for (let l = 0; l < 4; l++) assert.equal(heapI[64 + l], ia[l] << 3);
    run("shr_s");
    for (let l = 0; l < 4; l++) assert.equal(heapI[64 + l], ia[l] >> 3); // shift count mod 32
    run("shr_u");
    for (let l = 0; l < 4; l++) assert.equal(heapI[64 + l], (ia[l] >>> 3) | 0);
    run("cvt");
    for (let l = 0; l < 4; l++) assert.equal(heapF[64 + l], f32(ia[l]));
    heapF.set(a, 0);
    run("tsat");
    for (let l = 0; l < 4; l++) {
      const v = a[l];
      assert.equal(heapI[64 + l], Number.isNaN(v) ? 0 : v >= 2 ** 31 ? 0x7fffffff : v <= -(2 ** 31) ? -0x80000000 : Math.trunc(v) | 0);
    }
    heapF[0] = a[1];
    run("splat");
    for (let l = 0; l < 4; l++) assert.ok(same(heapF[64 + l], a[1]));
    heapI[0] = ia[2];
    run("isplat");
    for (let l = 0; l < 4; l++) assert.equal(heapI[64 + l], ia[2]);
    heapF.set(a, 0);
    run("ext2");
    assert.ok(same(heapF[64], a[2]));
    heapF.set(a, 0);
    heapF[4] = 42;
    run("rep1");
    assert.deepEqual(
      [...heapF.subarray(64, 68)].map((v, l) => same(v, l === 1 ? 42 : a[l])),
      [true, true, true, true],
    );
    heapI.set(ia, 0);
    run("iext3");
    assert.equal(heapI[64], ia[3]);
    heapD.set([a[0], a[1]], 0);
    heapD.set([b[0], b[1]], 2);
    run("dadd");
    for (let l = 0; l < 2; l++) assert.ok(same(heapD[32 + l], a[l] + b[l]));
    run("dmul");
    for (let l = 0; l < 2; l++) assert.ok(same(heapD[32 + l], a[l] * b[l]));
    run("dmin");
    for (let l = 0; l < 2; l++) assert.ok(same(heapD[32 + l], Number.isNaN(a[l]) || Number.isNaN(b[l]) ? NaN : Math.min(a[l], b[l])));
    run("dsqrt");
    for (let l = 0; l < 2; l++) assert.ok(same(heapD[32 + l], Math.sqrt(a[l])));
    heapF.set(a, 0);
    run("promote");
    for (let l = 0; l < 2; l++) assert.ok(same(heapD[32 + l], a[l]));
    heapD.set([1 / 3, -1e300], 0);
    run("demote");
    assert.deepEqual([...heapF.subarray(64, 68)], [f32(1 / 3), -Infinity, 0, 0]);
  }
  heapI.set([0, 0, 0, 0], 0);
  run("any");
  assert.equal(heapI[64], 0);
  heapI.set([0, 0, 5, 0], 0);
  run("any");
  assert.equal(heapI[64], 1);
  run("all");
  assert.equal(heapI[64], 0);
  heapI.set([-1, 5, -7, 1], 0);
  run("bitmask");
  assert.equal(heapI[64], 0b0101);
  heapI.set([10, 11, 12, 13], 0);
  heapI.set([20, 21, 22, 23], 4);
  run("shuffle");
  assert.deepEqual([...heapI.subarray(64, 68)], [11, 20, 10, 23]);
  run("constant");
  assert.deepEqual([...heapF.subarray(64, 67)], [1, -2, 3.5]);
  assert.ok(Number.isNaN(heapF[67]));
});

test("scalar i32/i64/f32/f64 opcodes and conversions", () => {
  type Case = [string, ValType[], ValType, (f: FunctionBuilder) => void, number[], number | bigint];
  const cases: Case[] = [
    ["f32.sqrt", ["f32"], "f32", (f) => f.f32.sqrt(), [2], f32(Math.SQRT2)],
    ["f32.min", ["f32", "f32"], "f32", (f) => f.f32.min(), [3, -1], -1],
    ["f32.max", ["f32", "f32"], "f32", (f) => f.f32.max(), [3, -1], 3],
    ["f32.floor", ["f32"], "f32", (f) => f.f32.floor(), [-2.5], -3],
    ["f32.ceil", ["f32"], "f32", (f) => f.f32.ceil(), [-2.5], -2],
    ["f32.trunc", ["f32"], "f32", (f) => f.f32.trunc(), [-2.5], -2],
    ["f32.nearest", ["f32"], "f32", (f) => f.f32.nearest(), [2.5], 2],
    ["f32.abs", ["f32"], "f32", (f) => f.f32.abs(), [-2.5], 2.5],
    ["f32.neg", ["f32"], "f32", (f) => f.f32.neg(), [2.5], -2.5],
    ["f32.copysign", ["f32", "f32"], "f32", (f) => f.f32.copysign(), [2.5, -0], -2.5],
    ["f32.div", ["f32", "f32"], "f32", (f) => f.f32.div(), [1, 3], f32(1 / 3)],
    ["f32.lt", ["f32", "f32"], "i32", (f) => f.f32.lt(), [1, 3], 1],
    ["f64.sub", ["f64", "f64"], "f64", (f) => f.f64.sub(), [1, 3], -2],
    ["f64.sqrt", ["f64"], "f64", (f) => f.f64.sqrt(), [2], Math.SQRT2],
    ["f64.ge", ["f64", "f64"], "i32", (f) => f.f64.ge(), [1, 3], 0],
    ["f32.demote", ["f64"], "f32", (f) => f.f32.demote_f64(), [1 / 3], f32(1 / 3)],
    ["f64.promote", ["f32"], "f64", (f) => f.f64.promote_f32(), [0.1], f32(0.1)],
    ["f32.convert_i32_s", ["i32"], "f32", (f) => f.f32.convert_i32_s(), [-7], -7],
    ["f32.convert_i32_u", ["i32"], "f32", (f) => f.f32.convert_i32_u(), [-1], 4294967296],
    ["i32.trunc_sat_f32_s", ["f32"], "i32", (f) => f.i32.trunc_sat_f32_s(), [1e20], 0x7fffffff],
    ["i32.trunc_sat_f32_u", ["f32"], "i32", (f) => f.i32.trunc_sat_f32_u(), [-5], 0],
    ["i32.trunc_sat_f64_s", ["f64"], "i32", (f) => f.i32.trunc_sat_f64_s(), [-3.9], -3],
    ["i32.trunc_f32_s", ["f32"], "i32", (f) => f.i32.trunc_f32_s(), [-3.9], -3],
    ["i32.reinterpret_f32", ["f32"], "i32", (f) => f.i32.reinterpret_f32(), [1], 0x3f800000],
    ["f32.reinterpret_i32", ["i32"], "f32", (f) => f.f32.reinterpret_i32(), [0x40490fdb], f32(Math.PI)],
    ["i32.rem_s", ["i32", "i32"], "i32", (f) => f.i32.rem_s(), [-7, 3], -1],
    ["i32.div_u", ["i32", "i32"], "i32", (f) => f.i32.div_u(), [-2, 2], 0x7fffffff],
    ["i32.rotl", ["i32", "i32"], "i32", (f) => f.i32.rotl(), [0x80000001, 1], 3],
    ["i32.clz", ["i32"], "i32", (f) => f.i32.clz(), [1], 31],
    ["i32.popcnt", ["i32"], "i32", (f) => f.i32.popcnt(), [0xff], 8],
    ["i32.shr_s", ["i32", "i32"], "i32", (f) => f.i32.shr_s(), [-16, 2], -4],
    ["i32.eqz", ["i32"], "i32", (f) => f.i32.eqz(), [0], 1],
    ["i32.extend8_s", ["i32"], "i32", (f) => f.i32.extend8_s(), [0xff], -1],
    [
      "i64.mul",
      ["i32", "i32"],
      "i64",
      (f) => {
        f.local_set(0);
        f.i64.extend_i32_s().local_get(0).i64.extend_i32_u().i64.mul();
      },
      [-3, 5],
      -15n,
    ],
    [
      "i64.const",
      [],
      "i64",
      (f) =>
        f.i64
          .const(-(2n ** 62n))
          .i64.const(3)
          .i64.shl()
          .i64.const(1)
          .i64.rotr(),
      [],
      0n,
    ],
    ["i64.reinterpret_f64", ["f64"], "i64", (f) => f.i64.reinterpret_f64(), [1], 0x3ff0000000000000n],
    ["f64.convert_i64_s", ["i32"], "f64", (f) => f.i64.extend_i32_s().f64.convert_i64_s(), [-9], -9],
    ["i64.trunc_sat_f64_s", ["f64"], "i64", (f) => f.i64.trunc_sat_f64_s(), [-1e30], -(2n ** 63n)],
  ];
  const mb = new ModuleBuilder();
  cases.forEach(([, params, result, body], k) => {
    const f = mb.addFunction(`c${k}`, params, [result], { export: true });
    params.forEach((_, i) => f.local_get(i));
    body(f);
  });
  const inst = mb.instantiate();
  cases.forEach(([name, , result, , args, want], k) => {
    const got = (inst.exports[`c${k}`] as (...a: number[]) => number | bigint)(...args);
    if (result === "i32") assert.equal(got, Number(want) | 0, name);
    else assert.ok(Object.is(got, want), `${name}: ${got} != ${want}`);
  });
});

test("hasSimd / hasRelaxedSimd feature detection; relaxed_madd when available", () => {
  assert.equal(hasSimd(), true);
  assert.equal(typeof hasRelaxedSimd(), "boolean");
  if (!hasRelaxedSimd()) return;
  const mb = new ModuleBuilder();
  const f = mb.addFunction("madd", ["f32", "f32", "f32"], ["f32"], { export: true });
  f.local_get(0).f32x4.splat().local_get(1).f32x4.splat().local_get(2).f32x4.splat().f32x4.relaxed_madd().f32x4.extract_lane(0);
  const madd = mb.instantiate().exports.madd as Fn;
  assert.equal(madd(2, 3, 4), 10);
});
