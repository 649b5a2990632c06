// The loop nest of one kernel: dimension ordering and merging, and the
// per-access strides every level advances by. Pure data; no wasm here.
import { stridesOf } from "../../../core/shape.ts";
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

export function typeBytes(t: KType): number {
  return t === "bool" ? 1 : t === "f64" || t === "i64" || t === "u64" ? 8 : 4;
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
  return { sizes, reduced, accesses, reduceInMemory: reduces && !innerReduction, nodes };
}
