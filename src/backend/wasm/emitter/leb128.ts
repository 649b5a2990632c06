// LEB128 and IEEE-754 little-endian encoders used by the module builder.

/** A growable byte sink. */
export class ByteWriter {
  private buf = new Uint8Array(256);
  private len = 0;

  get length(): number {
    return this.len;
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): this {
    this.reserve(1);
    this.buf[this.len++] = b & 0xff;
    return this;
  }

  bytes(bs: ArrayLike<number>): this {
    this.reserve(bs.length);
    if (bs instanceof Uint8Array) {
      this.buf.set(bs, this.len);
      this.len += bs.length;
    } else for (let i = 0; i < bs.length; i++) this.buf[this.len++] = bs[i] & 0xff;
    return this;
  }

  // The encoders write in place: module emission runs mostly cold (once per
  // kernel), where an array per number was a visible share of a first call.
  u32(v: number): this {
    if (v >>> 0 !== v) throw new RangeError(`encodeU32: ${v} is not a u32`);
    this.reserve(5);
    while (v >= 0x80) {
      this.buf[this.len++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.len++] = v;
    return this;
  }
  s32(v: number): this {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) throw new RangeError(`encodeS32: ${v} is not an i32`);
    this.reserve(5);
    v |= 0;
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
        this.buf[this.len++] = b;
        return this;
      }
      this.buf[this.len++] = b | 0x80;
    }
  }
  s64(v: bigint | number): this {
    return this.bytes(encodeS64(v));
  }
  f32(v: number): this {
    this.reserve(4);
    scratch.setFloat32(0, v, true);
    for (let i = 0; i < 4; i++) this.buf[this.len++] = scratch.getUint8(i);
    return this;
  }
  f64(v: number): this {
    this.reserve(8);
    scratch.setFloat64(0, v, true);
    for (let i = 0; i < 8; i++) this.buf[this.len++] = scratch.getUint8(i);
    return this;
  }

  /** A UTF-8 name prefixed by its byte length. */
  name(s: string): this {
    const b = new TextEncoder().encode(s);
    this.u32(b.length);
    return this.bytes(b);
  }

  /** Appends `inner` prefixed by its byte length (a section or a body). */
  sized(inner: ByteWriter | Uint8Array): this {
    const b = inner instanceof ByteWriter ? inner.finish() : inner;
    this.u32(b.length);
    return this.bytes(b);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Unsigned LEB128 of a 32-bit value (0 .. 2^32-1). */
export function encodeU32(v: number): number[] {
  return Array.from(new ByteWriter().u32(v).finish());
}

/** Signed LEB128 of a 32-bit value (-2^31 .. 2^32-1; values >= 2^31 are taken as their i32 bit pattern). */
export function encodeS32(v: number): number[] {
  return Array.from(new ByteWriter().s32(v).finish());
}

/** Signed LEB128 of a 64-bit value (bigint, or a safe integer number); values >= 2^63 are taken as their i64 bit pattern. */
export function encodeS64(v: bigint | number): number[] {
  let x = typeof v === "bigint" ? v : BigInt(v);
  if (typeof v === "number" && !Number.isSafeInteger(v)) throw new RangeError(`encodeS64: ${v} is not a safe integer`);
  if (x < -(1n << 63n) || x >= 1n << 64n) throw new RangeError(`encodeS64: ${v} out of i64 range`);
  x = BigInt.asIntN(64, x);
  const out: number[] = [];
  for (;;) {
    const b = Number(x & 0x7fn);
    x >>= 7n;
    const done = (x === 0n && (b & 0x40) === 0) || (x === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

const scratch = new DataView(new ArrayBuffer(8));

/** Little-endian IEEE binary32 bytes (the value is rounded to f32). */
export function encodeF32(v: number): number[] {
  return Array.from(new ByteWriter().f32(v).finish());
}

/** Little-endian IEEE binary32 bytes of an exact bit pattern (keeps NaN payloads). */
export function encodeF32Bits(bits: number): number[] {
  scratch.setUint32(0, bits >>> 0, true);
  return [0, 1, 2, 3].map((i) => scratch.getUint8(i));
}

/** Little-endian IEEE binary64 bytes. */
export function encodeF64(v: number): number[] {
  return Array.from(new ByteWriter().f64(v).finish());
}
