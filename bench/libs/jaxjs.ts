// @jax-js/jax on its wasm backend. jax-js counts references by hand: every
// function consumes its array arguments, `x.ref` adds a reference first, and
// `data()` consumes the array it reads. Inputs below are kept alive with `.ref`.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { numpy as np, nn, jit, grad, init, defaultDevice, type Array as JArray } from "@jax-js/jax";
import { SELU, SIZES, type MlpData, type RnnData } from "../data.ts";
import type { Lib } from "./types.ts";

// Its package.json is not exported; read it next to the resolved entry point (dist/..).
const entry = createRequire(import.meta.url).resolve("@jax-js/jax");
const version = (JSON.parse(readFileSync(path.join(path.dirname(entry), "..", "package.json"), "utf8")) as { version: string }).version;
const read = async (...xs: JArray[]) => Promise.all(xs.map((x) => x.data()));

export function jaxjsLib(): Lib {
  const cumsumOp = (xData: Float32Array, note: string) => {
    const x = np.array(xData);
    return { run: () => read(np.cumsum(x.ref)), note };
  };
  /** W6 (jitted) and W6e (eager): one SGD step of the MLP. */
  const mlp = (d: MlpData, jitted: boolean) => {
    const { batch: B, sizes, lr } = SIZES.mlp;
    const params = d.params.map((p, i) => np.array(p).reshape(d.shapes[i]));
    const x = np.array(d.x).reshape([B, sizes[0]]);
    const y = np.array(d.y).reshape([B, sizes[sizes.length - 1]]);
    const loss = (p: JArray[], x: JArray, y: JArray) => {
      const h1 = np.tanh(np.matmul(x, p[0]).add(p[1]));
      const h2 = np.tanh(np.matmul(h1, p[2]).add(p[3]));
      const logits = np.matmul(h2, p[4]).add(p[5]);
      return nn
        .logSoftmax(logits)
        .mul(y)
        .sum()
        .mul(-1 / B);
    };
    const step = (p: JArray[], x: JArray, y: JArray) => {
      const g = grad(loss)(
        p.map((w) => w.ref),
        x,
        y,
      ) as JArray[];
      return p.map((w, i) => w.sub(g[i].mul(lr)));
    };
    const f = jitted ? jit(step) : step;
    return {
      run: () =>
        read(
          ...f(
            params.map((w) => w.ref),
            x.ref,
            y.ref,
          ),
        ),
      note: jitted ? "jit(grad + SGD)" : "eager grad + SGD",
    };
  };
  return {
    label: "jax-js wasm",
    async init() {
      const got = await init("wasm");
      if (!got.includes("wasm")) return "wasm backend did not start";
      defaultDevice("wasm");
      return null;
    },
    // In Node, jax-js's wasm backend has no global `Worker`, so it runs single-threaded.
    describe: () => `@jax-js/jax ${version}, device "wasm" (single-threaded in Node)`,

    selu(xData) {
      const x = np.array(xData);
      const { alpha, lmbda } = SELU;
      const f = jit((x: JArray) => np.where(x.ref.greater(0), x.ref, np.exp(x).mul(alpha).sub(alpha)).mul(lmbda));
      return { run: () => read(f(x.ref)), note: "jit" };
    },

    seluEager(xData) {
      const x = np.array(xData);
      const { alpha, lmbda } = SELU;
      const f = (x: JArray) => np.where(x.ref.greater(0), x.ref, np.exp(x).sub(1).mul(alpha)).mul(lmbda);
      return { run: () => read(f(x.ref)), note: "eager np ops" };
    },

    matmul(aData, bData, n) {
      const [a, b] = [np.array(aData).reshape([n, n]), np.array(bData).reshape([n, n])];
      return { run: () => read(np.matmul(a.ref, b.ref)) };
    },

    sum(xData) {
      const x = np.array(xData);
      return { run: () => read(np.sum(x.ref)) };
    },

    // jax-js has no lax.scan / associativeScan (its lax has no control flow): its cumsum op stands in.
    cumsumScan: (x) => cumsumOp(x, "np.cumsum (no lax.scan)"),
    cumsumAssociative: (x) => cumsumOp(x, "np.cumsum (no associativeScan)"),
    cumsumOp: (x) => cumsumOp(x, "np.cumsum"),

    rnn(d: RnnData) {
      const { steps, hidden: H, input: I } = SIZES.rnn;
      const [wh, wx, b, xs] = [
        np.array(d.wh).reshape([H, H]),
        np.array(d.wx).reshape([I, H]),
        np.array(d.b),
        np.array(d.xs).reshape([steps, I]),
      ];
      // No scan: the loop unrolls at trace time into one 1000-step program.
      const f = jit((wh: JArray, wx: JArray, b: JArray, xs: JArray) => {
        let h = np.zeros([H]);
        for (let t = 0; t < steps; t++) {
          const xt = xs.ref.slice(t);
          h = np.tanh(np.matmul(h, wh.ref).add(np.matmul(xt, wx.ref)).add(b.ref));
        }
        for (const a of [wh, wx, b, xs]) a.dispose();
        return h;
      });
      return { run: () => read(f(wh.ref, wx.ref, b.ref, xs.ref)), note: "jit(unrolled JS loop)" };
    },

    mlpStep: (d: MlpData) => mlp(d, true),
    mlpStepEager: (d: MlpData) => mlp(d, false),

    loopCumsum(arrData) {
      const n = arrData.length;
      const arr = np.array(arrData);
      const idx = np.arange(n);
      // No .at[].set in jax-js: the functional update is where(arange == i, total, result).
      const run = () => {
        let result = np.zeros([n]);
        let total: JArray | number = 0;
        for (let i = 0; i < n; i++) {
          total = arr.ref.slice(i).add(total as JArray);
          result = np.where(idx.ref.equal(i), (total as JArray).ref, result);
        }
        (total as JArray).dispose();
        return read(result);
      };
      return { run, note: "where(arange == i, total, result)" };
    },
  };
}
