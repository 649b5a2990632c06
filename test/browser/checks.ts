// The checks the browser suite runs twice, in Chromium and in Node, on the
// same built bundle (dist/index.js): the library comes in as an argument, so
// this module imports nothing at run time and is served to the page as is
// (esbuild strips the types). Each check returns a value (arrays, numbers,
// strings, nested in arrays and objects); `encode` turns arrays into their
// dtype, shape and raw bytes, so the two sides are compared bit for bit. A
// check marked `tol` depends on a matmul, whose GEMM uses fused multiply-add
// where the engine has relaxed SIMD (Chromium does, Node 20 only behind a
// flag): its float32 values are compared within MATMUL_TOLERANCE instead.
// `expect` pins a result to JAX's own value, on both sides.
import type * as Jaxts from "../../src/index.ts";
import type { NDArray } from "../../src/index.ts";

type Lib = typeof Jaxts;

export interface Check {
  readonly name: string;
  readonly run: (jax: Lib) => unknown;
  /** Matmul-based: float32 values within MATMUL_TOLERANCE, not bit for bit. */
  readonly tol?: boolean;
  /** The encoded result both sides must give (JAX's value, or the error and its message). */
  readonly expect?: unknown;
  /** The exported error class the check must throw, on both sides. */
  readonly throws?: string;
}

/**
 * A `tol` check's float32 arrays agree when |page − node| ≤ rtol · max|node| for
 * every element (the norm-wise bound of GEMM error analysis: fused and unfused
 * multiply-adds differ by a few ulps of the products summed, not of the sum,
 * which cancellation can make tiny).
 */
export const MATMUL_TOLERANCE = { rtol: 1e-5 } as const;

/** An NDArray as the suite compares it. */
export interface EncodedArray {
  dtype: string;
  shape: number[];
  /** The array's bytes (little-endian), in hex. */
  hex: string;
}

export type Encoded =
  | EncodedArray
  | { error: { class: string; message: string } }
  | number
  | string
  | boolean
  | null
  | Encoded[]
  | { [k: string]: Encoded };

export interface Report {
  /** What ran the checks: the backend, the engine's wasm features, the thread count. */
  env: { backend: string; devices: string[]; relaxedSimd: boolean; crossOriginIsolated: boolean | null; threads: Jaxts.ThreadInfo };
  results: Record<string, Encoded>;
  /** Chunks the Web Workers ran before the checks (the page's warm-up), when it warmed up. */
  warmChunks?: number;
}

const ERROR_CLASSES = [
  "ConcretizationTypeError",
  "TracerArrayConversionError",
  "UnexpectedTracerError",
  "TypeError",
  "ValueError",
  "IndexError",
  "FloatingPointError",
  "JaxTsError",
] as const;

function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

function encode(jax: Lib, v: unknown): Encoded {
  if (v instanceof jax.NDArray) {
    const d = v.dataSync();
    return { dtype: v.dtype, shape: [...v.shape], hex: hex(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)) };
  }
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "bigint") return `${v}n`;
  if (Array.isArray(v)) return v.map((x) => encode(jax, x));
  if (typeof v === "object") {
    const out: Record<string, Encoded> = {};
    for (const k of Object.keys(v).sort()) out[k] = encode(jax, (v as Record<string, unknown>)[k]);
    return out;
  }
  return String(v);
}

/** An error as the suite compares it: the first exported error class it is an instance of, and its message. */
function encodeError(jax: Lib, e: unknown): Encoded {
  const cls = ERROR_CLASSES.find((c) => e instanceof jax[c]) ?? (e instanceof Error ? `(not exported) ${e.name}` : typeof e);
  return { error: { class: cls, message: e instanceof Error ? e.message : String(e) } };
}

/** Whether this engine validates a relaxed SIMD instruction (f32x4.relaxed_madd). */
function relaxedSimd(): boolean {
  // (module (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd))
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00,
    0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b,
  ];
  const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
  return wasm.validate(new Uint8Array(bytes));
}

/** Runs every check; a check that throws gives its error (compared like any result). */
export function runChecks(jax: Lib, checks: readonly Check[] = CHECKS): Report {
  const results: Record<string, Encoded> = {};
  for (const c of checks) {
    try {
      results[c.name] = encode(jax, c.run(jax));
    } catch (e) {
      results[c.name] = encodeError(jax, e);
    }
  }
  const g = globalThis as { crossOriginIsolated?: boolean };
  return {
    env: {
      backend: jax.defaultBackend(),
      devices: [...jax.devices()],
      relaxedSimd: relaxedSimd(),
      crossOriginIsolated: typeof g.crossOriginIsolated === "boolean" ? g.crossOriginIsolated : null,
      threads: jax.threadInfo(),
    },
    results,
  };
}

/** Seeded float32 data from the library's own PRNG (bit-exact on both sides, as checked below). */
const data = (jax: Lib, seed: number, shape: number[]) => jax.random.normal(jax.random.PRNGKey(seed), shape);

export const CHECKS: readonly Check[] = [
  // ---- creation ----
  {
    name: "creation/array",
    run: ({ jnp }) => [
      jnp.array([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      jnp.array([1, 2], { dtype: "int32" }),
      jnp.array([true, false]),
    ],
  },
  {
    name: "creation/ranges",
    run: ({ jnp }) => [jnp.arange(10), jnp.arange(0, 1, 0.1), jnp.linspace(-1, 1, 7), jnp.eye(3), jnp.full([2, 2], 7)],
  },
  {
    name: "creation/astype",
    run: ({ jnp }) => [jnp.arange(5).astype("float32"), jnp.linspace(-2, 2, 9).astype("int32"), jnp.arange(4).astype("bool")],
  },
  {
    name: "creation/print",
    run: ({ jnp }) => String(jnp.arange(6).reshape([2, 3]).astype("float32").mul(2).sum(0)),
    expect: "[ 6. 10. 14.]",
  },
  // ---- jnp ----
  {
    name: "jnp/unary",
    run: (jax) => {
      const x = data(jax, 1, [1000]);
      const { jnp } = jax;
      return [
        jnp.sin(x),
        jnp.cos(x),
        jnp.exp(x),
        jnp.log(jnp.abs(x).add(1)),
        jnp.tanh(x),
        jnp.sqrt(jnp.abs(x)),
        jax.nn.sigmoid(x),
        jax.nn.gelu(x),
      ];
    },
  },
  {
    name: "jnp/reductions",
    run: (jax) => {
      const x = data(jax, 2, [40, 30]);
      const { jnp } = jax;
      return [
        x.sum(),
        x.sum(0),
        x.mean(1),
        x.max(0),
        jnp.argmax(x, 1),
        jnp.std(x),
        jnp.var(x, 0),
        jnp.cumsum(x, 1),
        jax.nn.logsumexp(x, 1),
      ];
    },
  },
  {
    name: "jnp/binary-broadcast",
    run: (jax) => {
      const { jnp } = jax;
      const a = data(jax, 3, [4, 1, 5]);
      const b = data(jax, 4, [3, 1]);
      const i = jnp.arange(-6, 6, 1, { dtype: "int32" });
      return [
        a.add(b),
        a.mul(b).sub(1),
        a.div(b),
        jnp.maximum(a, b),
        jnp.where(a.gt(b), a, b),
        i.floorDiv(4),
        i.mod(4),
        jnp.power(jnp.abs(a), 1.5),
      ];
    },
  },
  {
    name: "jnp/shapes",
    run: ({ jnp }) => {
      const x = jnp.arange(24).reshape([2, 3, 4]);
      return [
        x.transpose([2, 0, 1]),
        jnp.concatenate([x, x], 1),
        jnp.stack([x, x]),
        x.reshape([6, -1]),
        jnp.flip(x, 2),
        jnp.sort(jnp.array([3, 1, 2, -5])),
      ];
    },
  },
  { name: "jnp/norm", run: ({ jnp }) => String(jnp.linalg.norm(jnp.array([3, 4]))), expect: "5.0" },
  // ---- indexing ----
  {
    name: "indexing/basic",
    run: ({ jnp }) => {
      const a = jnp.arange(24).reshape([4, 6]);
      return [
        a.get(1),
        a.get(-1, 2),
        a.get(jnp.s(1, 3), jnp.s(null, null, -2)),
        a.get(null, jnp.s(null, null, 2)),
        a.get(jnp.array([0, 2, 3], { dtype: "int32" })),
      ];
    },
  },
  {
    name: "indexing/at",
    run: ({ jnp }) => {
      const a = jnp.zeros([3, 4]);
      return [a.at(1, 2).set(5), a.at(jnp.s(null), 0).add(1), a.at(jnp.array([0, 0, 2], { dtype: "int32" })).add(1)];
    },
  },
  // ---- transformations ----
  {
    name: "transforms/grad",
    run: (jax) => {
      const { jnp, grad, valueAndGrad, hessian } = jax;
      const f = (x: NDArray) => jnp.sum(jnp.tanh(x).mul(x));
      const x = data(jax, 5, [50]);
      return [grad(f)(x), valueAndGrad(f)(x), hessian((v: NDArray) => jnp.sum(jnp.sin(v).mul(v)))(jnp.array([0.5, 1, 2]))];
    },
  },
  {
    name: "transforms/grad-readme",
    run: ({ grad, jnp }) => String(grad((x: NDArray) => jnp.sum(jnp.sin(x)))(jnp.arange(3).astype("float32"))),
    expect: "[ 1.          0.5403023  -0.41614684]",
  },
  {
    name: "transforms/vmap",
    run: (jax) => {
      const { jnp, vmap } = jax;
      const x = data(jax, 6, [8, 5]);
      const y = data(jax, 7, [5]);
      return [
        vmap((a: NDArray) => jnp.sum(a.mul(a)))(x),
        vmap((a: NDArray, b: NDArray) => a.sub(b), { inAxes: [0, null] })(x, y),
        vmap(jax.grad((a: NDArray) => jnp.sum(jnp.exp(a))))(x),
      ];
    },
  },
  {
    name: "transforms/jit",
    run: (jax) => {
      const { jnp, jit } = jax;
      const f = jit((x: NDArray, y: NDArray) => jnp.where(x.gt(0), x, jnp.exp(x).sub(1).mul(1.67)).mul(1.05).add(y.mul(2)));
      const r1 = f(data(jax, 8, [1000]), data(jax, 9, [1000]));
      const r2 = f(data(jax, 10, [1000]), data(jax, 11, [1000]));
      return [r1, r2, f.cacheSize()];
    },
  },
  {
    name: "transforms/jvp-jaxpr",
    run: ({ jnp, jvp, makeJaxpr }) => {
      const [y, t] = jvp((x: NDArray) => jnp.sin(x).mul(x), [jnp.array([0.3, 1.2])], [jnp.ones([2])]);
      return [y, t, makeJaxpr((v: NDArray) => jnp.sin(v).mul(2))(jnp.ones([3])).toString()];
    },
  },
  // ---- control flow ----
  {
    name: "control/scan",
    run: (jax) => {
      const { jnp, lax, jit } = jax;
      const cumsum = jit((xs: NDArray) => lax.scan((c: NDArray, v: NDArray): [NDArray, NDArray] => [c.add(v), c.add(v)], jnp.array(0), xs));
      const [total, sums] = lax.scan((c: NDArray, v: NDArray): [NDArray, NDArray] => [c.add(v), c.add(v)], 0, jnp.arange(5));
      return [total, sums, cumsum(data(jax, 12, [1000]))];
    },
  },
  {
    name: "control/while-cond",
    run: ({ jnp, lax }) => {
      const collatz = lax.whileLoop(
        (n: NDArray) => n.ne(1),
        (n: NDArray) =>
          lax.cond(
            n.mod(2).eq(0),
            (m: NDArray) => m.floorDiv(2),
            (m: NDArray) => m.mul(3).add(1),
            n,
          ),
        jnp.array(27, { dtype: "int32" }),
      );
      const fori = lax.foriLoop(0, 10, (i: NDArray, acc: NDArray) => acc.mul(1.1).add(i), jnp.array(1));
      return [
        collatz,
        fori,
        lax.cond(
          jnp.array(false),
          (x: NDArray) => x.add(1),
          (x: NDArray) => x.sub(1),
          jnp.arange(3),
        ),
      ];
    },
  },
  // ---- random (threefry2x32) ----
  {
    name: "random/readme",
    run: ({ random }) => String(random.normal(random.PRNGKey(0), [3])),
    expect: "[ 1.6226422   2.0252647  -0.43359444]",
  },
  {
    name: "random/bits",
    run: ({ random }) => {
      const key = random.PRNGKey(42);
      const [k1, k2, k3] = [random.split(key, 3).get(0), random.split(key, 3).get(1), random.split(key, 3).get(2)];
      return [
        random.split(key),
        random.normal(k1, [2000]),
        random.uniform(k2, [2000]),
        random.uniform(k3, [50, 20], { minval: -3, maxval: 5 }),
        random.randint(k1, [100], 0, 10),
        random.bernoulli(k2, 0.3, [100]),
        random.permutation(k3, 20),
      ];
    },
  },
  // ---- the compiled backend ----
  {
    name: "compiled/fused-large",
    run: (jax) => {
      // Big enough for the kernel to be split over threads where there are any.
      const { jnp, jit } = jax;
      const f = jit((x: NDArray) =>
        jnp
          .tanh(x.mul(0.5))
          .add(jnp.sin(x))
          .mul(jnp.exp(x.mul(-0.1)))
          .sum(0),
      );
      return [f(data(jax, 13, [512, 1024])), jit((x: NDArray) => jnp.cumsum(x.mul(x)))(data(jax, 14, [100000]))];
    },
  },
  {
    name: "compiled/matmul",
    tol: true,
    run: (jax) => {
      const { jnp, jit } = jax;
      const a = data(jax, 15, [128, 96]);
      const b = data(jax, 16, [96, 200]);
      return [
        jnp.matmul(a, b),
        jit((x: NDArray, y: NDArray) => jax.nn.relu(jnp.dot(x, y).add(1)))(a, b),
        jnp.matmul(data(jax, 17, [300, 300]), data(jax, 18, [300, 300])),
      ];
    },
  },
  {
    // A scan whose steps are big enough to run on two threads (Web Workers in the page), called
    // three times: the first call may find the workers still instantiating the loop.
    name: "compiled/scan-two-threads",
    tol: true,
    run: (jax) => {
      const { jnp, jit, lax } = jax;
      const wh = data(jax, 23, [256, 256]).mul(0.06);
      const rnn = jit((h0: NDArray, xs: NDArray) =>
        lax.scan(
          (h: NDArray, x: NDArray): [NDArray, NDArray] => {
            const next = jnp.tanh(jnp.matmul(h, wh).add(x));
            return [next, next];
          },
          h0,
          xs,
        ),
      );
      const xs = data(jax, 24, [20, 256]);
      rnn(jnp.zeros([256]), xs);
      rnn(jnp.zeros([256]), xs);
      return rnn(jnp.zeros([256]), xs);
    },
  },
  {
    name: "compiled/mlp-grad",
    tol: true,
    run: (jax) => {
      const { jnp, jit, grad, tree } = jax;
      type P = { w1: NDArray; b1: NDArray; w2: NDArray };
      const loss = (p: P, x: NDArray, y: NDArray) => jnp.mean(jnp.square(jnp.dot(jnp.tanh(jnp.dot(x, p.w1).add(p.b1)), p.w2).sub(y)));
      const step = jit(
        (p: P, x: NDArray, y: NDArray): P => tree.map((w: NDArray, g: NDArray) => w.sub(g.mul(0.1)), p, grad(loss)(p, x, y)),
      );
      let p: P = { w1: data(jax, 19, [20, 64]).mul(0.2), b1: jnp.zeros([64]), w2: data(jax, 20, [64, 3]).mul(0.2) };
      const x = data(jax, 21, [32, 20]);
      const y = data(jax, 22, [32, 3]);
      for (let i = 0; i < 5; i++) p = step(p, x, y);
      return [p, loss(p, x, y)];
    },
  },
  // ---- errors ----
  {
    name: "errors/shapes",
    run: ({ jnp }) => jnp.ones([2, 3]).add(jnp.ones([4])),
    expect: { error: { class: "ValueError", message: "add: Incompatible shapes for broadcasting: (2, 3), (4,)" } },
  },
  {
    name: "errors/index",
    run: ({ jnp }) => jnp.arange(3).get(0, 0),
    expect: { error: { class: "IndexError", message: "Too many indices: array is 1-dimensional, but 2 were indexed" } },
  },
  {
    name: "errors/concretization",
    run: ({ jit, jnp }) => jit((x: NDArray) => (x.sum().item() > 0 ? x : x.neg()))(jnp.ones([2])),
    throws: "ConcretizationTypeError",
  },
  {
    name: "errors/reshape",
    run: ({ jnp }) => jnp.arange(6).reshape([4, 2]),
    expect: { error: { class: "TypeError", message: "cannot reshape array of shape (6,) (size 6) into shape (4, 2) (size 8)" } },
  },
];
