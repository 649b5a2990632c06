// Deterministic inputs shared by every library (each worker process rebuilds
// them from the same seeds, so all libraries see bit-identical float32 data).

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n float32 values uniform in [lo, hi). */
export function uniform(seed: number, n: number, lo = 0, hi = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
}

export const SIZES = {
  selu: 1_000_000,
  matmul: [256, 512, 1024],
  sum: 10_000_000,
  cumsum: 100_000,
  rnn: { steps: 1000, hidden: 256, input: 256 },
  mlp: { batch: 128, sizes: [784, 512, 512, 10], lr: 0.1 },
  loopCumsum: 1000,
} as const;

export const SELU = { alpha: 1.67, lmbda: 1.05 } as const; // the seed notebook's constants

export const seluInput = () => uniform(1, SIZES.selu, -3, 3);
export const matmulInputs = (n: number) => [uniform(10 + n, n * n, -1, 1), uniform(20 + n, n * n, -1, 1)] as const;
export const sumInput = () => uniform(3, SIZES.sum, 0, 1);
export const cumsumInput = () => uniform(4, SIZES.cumsum, 0, 1);
export const loopCumsumInput = () => uniform(8, SIZES.loopCumsum, 0, 1);

export interface RnnData {
  wh: Float32Array;
  wx: Float32Array;
  b: Float32Array;
  xs: Float32Array;
}
/** h_{t+1} = tanh(h_t Wh + x_t Wx + b), h_0 = 0; weights scaled so the state stays well inside tanh's range. */
export function rnnInputs(): RnnData {
  const { steps, hidden: H, input: I } = SIZES.rnn;
  return {
    wh: uniform(5, H * H, -1 / Math.sqrt(H), 1 / Math.sqrt(H)),
    wx: uniform(6, I * H, -1 / Math.sqrt(I), 1 / Math.sqrt(I)),
    b: uniform(7, H, -0.1, 0.1),
    xs: uniform(9, steps * I, -1, 1),
  };
}

export interface MlpData {
  /** w1 [784,512], b1 [512], w2 [512,512], b2 [512], w3 [512,10], b3 [10], in this order. */
  params: Float32Array[];
  shapes: number[][];
  x: Float32Array; // [128, 784]
  y: Float32Array; // [128, 10], one-hot
}
export function mlpInputs(): MlpData {
  const { batch, sizes } = SIZES.mlp;
  const params: Float32Array[] = [];
  const shapes: number[][] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [i, o] = [sizes[l], sizes[l + 1]];
    const s = 1 / Math.sqrt(i);
    params.push(uniform(100 + l, i * o, -s, s), uniform(200 + l, o, -0.1, 0.1));
    shapes.push([i, o], [o]);
  }
  const classes = sizes[sizes.length - 1];
  const y = new Float32Array(batch * classes);
  const labels = uniform(300, batch);
  for (let b = 0; b < batch; b++) y[b * classes + Math.floor(labels[b] * classes)] = 1;
  return { params, shapes, x: uniform(301, batch * sizes[0], 0, 1), y };
}
