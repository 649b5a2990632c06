// jaxts on one of its backends ("js" or "wasm"): in Node the package built
// from this repository (bench/jaxts_package.ts), in the browser page its
// bundled source (bench/browser_page.ts).
// Outputs "drop" (jaxts-js, jaxts-wasm): each run reads its outputs with
// `await x.data()` and drops them, never calling dispose(), as users write
// it; jaxts arrays are garbage collected. Outputs "dispose" (the -disposed
// variants): each run disposes its outputs once read, and every array the
// workload's code drops (W8's per-step arrays), as the tfjs runs dispose.
import type * as Jaxts from "../../src/index.ts";
import type { NDArray } from "../../src/index.ts";
import { SELU, SIZES, type MlpData, type RnnData } from "../data.ts";
import type { Lib, Prepared } from "./types.ts";

export type Outputs = "drop" | "dispose";

/** The wasm backend's threads, for the report: "2 threads (worker_threads)" or "1 thread (why)". */
function threads(jaxts: typeof Jaxts): string {
  const t = jaxts.threadInfo();
  return t.threads === 1 ? `1 thread (${t.reason})` : `${t.threads} threads (${t.host})`;
}

export function jaxtsLib(backend: "js" | "wasm", outputs: Outputs, jaxts: typeof Jaxts): Lib {
  const { jnp, lax, nn, jit, grad, devices, setDefaultBackend } = jaxts;
  const { scan, associativeScan } = lax;
  const dispose = outputs === "dispose";
  /** Reads every output back to the host; the disposed variant then frees it. */
  const read = async (...xs: NDArray[]) =>
    Promise.all(
      xs.map(async (x) => {
        const d = (await x.data()) as Float32Array;
        if (dispose) x.dispose();
        return d;
      }),
    );
  /** Disposes an array the code drops (unless an op returned it as `kept` itself). */
  const free = (x: NDArray | number, kept: NDArray) => {
    if (typeof x !== "number" && x !== kept) x.dispose();
  };
  /** W6 (jitted) and W6e (eager): one SGD step of the MLP. */
  const mlp = (d: MlpData, jitted: boolean): Prepared => {
    const params = d.params.map((p, i) => jnp.array(p).reshape(d.shapes[i]));
    const x = jnp.array(d.x).reshape([SIZES.mlp.batch, SIZES.mlp.sizes[0]]);
    const y = jnp.array(d.y).reshape([SIZES.mlp.batch, SIZES.mlp.sizes.at(-1)!]);
    const loss = (p: NDArray[], x: NDArray, y: NDArray) => {
      const h1 = jnp.tanh(jnp.matmul(x, p[0]).add(p[1]));
      const h2 = jnp.tanh(jnp.matmul(h1, p[2]).add(p[3]));
      const logits = jnp.matmul(h2, p[4]).add(p[5]);
      return jnp.sum(nn.logSoftmax(logits).mul(y)).mul(-1 / SIZES.mlp.batch);
    };
    const step = (p: NDArray[], x: NDArray, y: NDArray) => {
      const g = grad(loss)(p, x, y) as NDArray[];
      // Eagerly, the disposed variant frees what the step drops (grad's own temporaries are grad's business).
      const freeDropped = dispose && !jitted;
      return p.map((w, i) => {
        const delta = g[i].mul(SIZES.mlp.lr);
        const out = w.sub(delta);
        if (freeDropped) for (const t of [g[i], delta]) t.dispose();
        return out;
      });
    };
    const f = jitted ? jit(step) : step;
    return { run: () => read(...f(params, x, y)), note: jitted ? "jit(grad + SGD)" : "eager grad + SGD" };
  };
  return {
    label: `jaxts ${backend}${dispose ? " (disposed)" : ""}`,
    async init() {
      if (!devices().includes(backend)) return `not available (devices() = [${devices().join(", ")}])`;
      setDefaultBackend(backend);
      return null;
    },
    describe: () =>
      `jaxts (dist/index.js built from this checkout), backend "${backend}"${backend === "wasm" ? `, ${threads(jaxts)}` : ""}, ${dispose ? "outputs and dropped arrays disposed" : "outputs dropped (no dispose)"}`,

    selu(xData) {
      const x = jnp.array(xData);
      const { alpha, lmbda } = SELU;
      const f = jit((x: NDArray) => jnp.where(x.gt(0), x, jnp.exp(x).mul(alpha).sub(alpha)).mul(lmbda));
      return { run: () => read(f(x)), note: "jit" };
    },

    seluEager(xData) {
      const x = jnp.array(xData);
      const { alpha, lmbda } = SELU;
      // As written without jit; the disposed variant frees the intermediates too.
      const f = (x: NDArray) => {
        const gt = x.gt(0);
        const e = jnp.exp(x);
        const em1 = e.sub(1);
        const neg = em1.mul(alpha);
        const w = jnp.where(gt, x, neg);
        const out = w.mul(lmbda);
        if (dispose) for (const t of [gt, e, em1, neg, w]) free(t, out);
        return out;
      };
      return { run: () => read(f(x)), note: "eager jnp ops" };
    },

    matmul(aData, bData, n) {
      const [a, b] = [jnp.array(aData).reshape([n, n]), jnp.array(bData).reshape([n, n])];
      return { run: () => read(jnp.matmul(a, b)) };
    },

    sum(xData) {
      const x = jnp.array(xData);
      return { run: () => read(jnp.sum(x)) };
    },

    cumsumScan(xData): Prepared {
      const x = jnp.array(xData);
      const f = jit(
        (xs: NDArray) =>
          scan(
            (c: NDArray, v: NDArray) => {
              const s = c.add(v);
              return [s, s];
            },
            0.0,
            xs,
          )[1],
      );
      return { run: () => read(f(x)), note: "jit(lax.scan)" };
    },

    cumsumAssociative(xData): Prepared {
      const x = jnp.array(xData);
      const f = jit((xs: NDArray) => associativeScan(jnp.add, xs));
      return { run: () => read(f(x)), note: "jit(lax.associativeScan)" };
    },

    cumsumOp(xData) {
      const x = jnp.array(xData);
      return { run: () => read(jnp.cumsum(x)), note: "jnp.cumsum" };
    },

    rnn(d: RnnData): Prepared {
      const { steps, hidden: H, input: I } = SIZES.rnn;
      const [wh, wx, b, xs] = [
        jnp.array(d.wh).reshape([H, H]),
        jnp.array(d.wx).reshape([I, H]),
        jnp.array(d.b),
        jnp.array(d.xs).reshape([steps, I]),
      ];
      const f = jit((wh: NDArray, wx: NDArray, b: NDArray, xs: NDArray) => {
        const cell = (h: NDArray, x: NDArray): [NDArray, null] => [jnp.tanh(jnp.matmul(h, wh).add(jnp.matmul(x, wx)).add(b)), null];
        return scan(cell, jnp.zeros([H]), xs)[0] as NDArray;
      });
      return { run: () => read(f(wh, wx, b, xs)), note: "jit(lax.scan)" };
    },

    mlpStep: (d: MlpData) => mlp(d, true),
    mlpStepEager: (d: MlpData) => mlp(d, false),

    loopCumsum(arrData) {
      const arr = jnp.array(arrData);
      // The seed notebook's cumsum_loop, eagerly: as users write it, each
      // step's arr[i], old total and old result are dropped.
      const dropped = () => {
        let result = jnp.zerosLike(arr);
        let total: NDArray | number = 0;
        for (let i = 0; i < arr.shape[0]; i++) {
          total = arr.get(i).add(total);
          result = result.at(i).set(total);
        }
        return read(result);
      };
      // The same loop disposing each of those once it is replaced.
      const disposed = () => {
        let result = jnp.zerosLike(arr);
        let total: NDArray | number = 0;
        for (let i = 0; i < arr.shape[0]; i++) {
          const xi = arr.get(i);
          const t: NDArray = xi.add(total);
          free(xi, t);
          free(total, t);
          total = t;
          const r = result.at(i).set(total);
          free(result, r);
          result = r;
        }
        free(total, result);
        return read(result);
      };
      const run = dispose ? disposed : dropped;
      return { run, note: "x.at(i).set" };
    },
  };
}
