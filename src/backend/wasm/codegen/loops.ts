// The loop nest of one kernel: dimension ordering and merging, and the
// per-access strides every level advances by. Pure data; no wasm here.
import { stridesOf } from "../../../core/shape.ts";
import { storageBytes } from "../../../core/dtypes.ts";
import { dtypeOfKType } from "../../../compiler/ktype.ts";
import type { IotaNode, Kernel, KType, LoadNode, Node } from "../../../compiler/kernel.ts";
import { topoOrder } from "../../../compiler/kernel.ts";

/** Something addressed per point of the iteration space: a load, an iota, or an output. */
export interface Access {
  readonly kind: "load" | "iota" | "store";
  /** Buffer parameter index (loads: input k; stores: output k); -1 for iotas. */
  readonly param: number;
  readonly type: KType;
  /** Bytes per element (1 for iotas, which count elements). */
  readonly bytes: number;
  readonly offset: number;
  /** Element strides per loop level (after ordering and merging). */
  strides: number[];
  readonly node: LoadNode | IotaNode | null;
}

export interface LoopNest {
  sizes: number[];
  reduced: boolean[];
  accesses: Access[];
  /** Reductions accumulate into the output buffers (the innermost dim is kept) instead of registers. */
  reduceInMemory: boolean;
  nodes: Node[];
}

/** Bytes per element in memory: the dtype's storage (float16/bfloat16 in float32 slots, bools in bytes). */
export function typeBytes(t: KType): number {
  return storageBytes(dtypeOfKType(t));
}

export function planLoops(k: Kernel): LoopNest {
  const nodes = topoOrder(k.outputs.map((o) => o.node));
  const nd = k.shape.length;
  const accesses: Access[] = [];
  for (const n of nodes) {
    if (n.kind === "load")
      accesses.push({
        kind: "load",
        param: n.input,
        type: n.type,
        bytes: typeBytes(n.type),
        offset: n.view.offset,
        strides: [...n.view.strides],
        node: n,
      });
    if (n.kind === "iota")
      accesses.push({ kind: "iota", param: -1, type: n.type, bytes: 1, offset: n.view.offset, strides: [...n.view.strides], node: n });
  }
  const kept = k.shape.filter((_, d) => !k.reduced[d]);
  const keptStrides = stridesOf(kept);
  k.outputs.forEach((o, i) => {
    let strides: number[];
    if (o.reduce) {
      let j = 0;
      strides = k.shape.map((_, d) => (k.reduced[d] ? 0 : keptStrides[j++]));
    } else strides = stridesOf(k.shape);
    accesses.push({ kind: "store", param: i, type: o.type, bytes: typeBytes(o.type), offset: 0, strides, node: null });
  });

  // Size-1 dims carry nothing; drop them before choosing the strategy.
  const live = [...Array(nd).keys()].filter((d) => k.shape[d] !== 1);
  // Reduced dims go innermost when the last dim is reduced (contiguous reductions in registers).
  const innerReduction = live.length > 0 && k.reduced[live[live.length - 1]];
  const order = innerReduction ? [...live].sort((a, b) => Number(k.reduced[a]) - Number(k.reduced[b]) || a - b) : live;
  const sizes = order.map((d) => k.shape[d]);
  const reduced = order.map((d) => k.reduced[d]);
  for (const a of accesses) a.strides = order.map((d) => a.strides[d]);
  // Merge neighbours that every access walks contiguously.
  for (let l = sizes.length - 2; l >= 0; l--) {
    const inner = l + 1;
    const mergeable = reduced[l] === reduced[inner] && accesses.every((a) => a.strides[l] === a.strides[inner] * sizes[inner]);
    if (!mergeable) continue;
    sizes[l] *= sizes[inner];
    sizes.splice(inner, 1);
    reduced.splice(inner, 1);
    for (const a of accesses) {
      a.strides[l] = a.strides[inner];
      a.strides.splice(inner, 1);
    }
  }
  const reduces = k.outputs.some((o) => o.reduce !== null);
  return tileTranspose({ sizes, reduced, accesses, reduceInMemory: reduces && !innerReduction, nodes });
}

/** Bytes apart at which each step of a loop reads another cache line. */
const LINE = 64;

/**
 * A load that transposes (a new cache line every innermost step, and
 * contiguous along some outer level a) reads each line once per output row:
 * a 1024 × 1024 transpose, whose column reads are 4 KiB apart, missed the
 * cache on every element (7.5 ms; a copy takes 0.17). Tiled, the loops walk
 * T × T blocks of (a, innermost): [..., a / T, ..., b / T, a mod T, b mod T],
 * so the T lines a block reads are used T times while they are cached.
 * Where the sizes admit no tile (T of 16, 8 or 4 dividing both) the nest is
 * left as it is.
 */
function tileTranspose(nest: LoopNest): LoopNest {
  const nL = nest.sizes.length;
  const b = nL - 1;
  if (nL < 2 || nest.reduced.some((r) => r) || nest.accesses.some((x) => x.kind === "store" && x.strides[b] !== 1)) return nest;
  const across = nest.accesses.find(
    (x) => x.kind === "load" && !(x.node?.kind === "load" && x.node.index) && Math.abs(x.strides[b]) * x.bytes >= LINE,
  );
  if (!across) return nest;
  let a = -1;
  for (let l = 0; l < b; l++) {
    const st = Math.abs(across.strides[l]) * across.bytes;
    if (st > 0 && st < LINE && nest.sizes[l] > 1 && (a < 0 || st < Math.abs(across.strides[a]) * across.bytes)) a = l;
  }
  if (a < 0) return nest;
  const T = [16, 8, 4].find((t) => nest.sizes[a] % t === 0 && nest.sizes[b] % t === 0);
  if (T === undefined) return nest;
  const sizes = [...nest.sizes, T, T];
  sizes[a] /= T;
  sizes[b] /= T;
  for (const x of nest.accesses) {
    const [sa, sb] = [x.strides[a], x.strides[b]];
    x.strides = [...x.strides, sa, sb];
    x.strides[a] = sa * T;
    x.strides[b] = sb * T;
  }
  return { ...nest, sizes, reduced: sizes.map(() => false) };
}
