// TensorFlow.js on its wasm or cpu backend. tfjs has no jit and no scan: ops
// run eagerly; tensors are freed with tf.tidy / dispose as its docs say.
import { createRequire } from "node:module";
import path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
// tfjs-core's Node build ships no gradient functions; the union package
// registers them (what a Node user of tf.grads installs). Same tfjs-core instance.
import "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { SELU, SIZES, type MlpData, type RnnData } from "../data.ts";
import type { Lib } from "./types.ts";

const require = createRequire(import.meta.url);
const version = (require("@tensorflow/tfjs-core/package.json") as { version: string }).version;

/** Reads every output and frees it. */
async function readAll(...ts: tf.Tensor[]): Promise<Float32Array[]> {
  const out = await Promise.all(ts.map((t) => t.data() as Promise<Float32Array>));
  for (const t of ts) t.dispose();
  return out;
}

export function tfjsLib(backend: "wasm" | "cpu"): Lib {
  const cumsumOp = (xData: Float32Array, note: string) => {
    const x = tf.tensor1d(xData);
    return { run: () => readAll(tf.cumsum(x)), note };
  };
  /** W6 and W6e: one tf.grads + SGD step (eager; tfjs has no jit). */
  const mlp = (d: MlpData) => {
    const { batch: B, sizes, lr } = SIZES.mlp;
    const params = d.params.map((p, i) => tf.tensor(p, d.shapes[i]));
    const x = tf.tensor2d(d.x, [B, sizes[0]]);
    const y = tf.tensor2d(d.y, [B, sizes[sizes.length - 1]]);
    const loss = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor, w3: tf.Tensor, b3: tf.Tensor) => {
      const h1 = tf.tanh(tf.add(tf.matMul(x, w1 as tf.Tensor2D), b1));
      const h2 = tf.tanh(tf.add(tf.matMul(h1 as tf.Tensor2D, w2 as tf.Tensor2D), b2));
      const logits = tf.add(tf.matMul(h2 as tf.Tensor2D, w3 as tf.Tensor2D), b3);
      return tf.mul(tf.sum(tf.mul(tf.logSoftmax(logits), y)), -1 / B);
    };
    const grads = tf.grads(loss);
    const step = () =>
      tf.tidy(() => {
        const g = grads(params);
        return params.map((w, i) => tf.sub(w, tf.mul(g[i], lr)));
      });
    return { run: () => readAll(...step()), note: "tf.grads + SGD, eager" };
  };
  return {
    label: `tfjs ${backend}`,
    async init() {
      if (backend === "wasm") {
        // In Node the wasm backend must be told where its .wasm binaries are.
        setWasmPaths(path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep);
      }
      tf.enableProdMode(); // production settings (fewer checks; also silences the "install tfjs-node" banner)
      if (!(await tf.setBackend(backend))) return `tf.setBackend("${backend}") failed`;
      await tf.ready();
      return null;
    },
    describe: () => {
      const flags =
        backend === "wasm"
          ? ` (SIMD ${tf.env().getBool("WASM_HAS_SIMD_SUPPORT")}, threads ${tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT")})`
          : "";
      return `@tensorflow/tfjs-core ${version}, backend "${tf.getBackend()}"${flags}`;
    },

    selu(xData) {
      const x = tf.tensor1d(xData);
      const { alpha, lmbda } = SELU;
      const f = () => tf.tidy(() => tf.mul(lmbda, tf.where(tf.greater(x, 0), x, tf.sub(tf.mul(alpha, tf.exp(x)), alpha))));
      return { run: () => readAll(f()), note: "eager (no jit)" };
    },

    // tfjs is always eager: W1e is W1 in W1e's spelling.
    seluEager(xData) {
      const x = tf.tensor1d(xData);
      const { alpha, lmbda } = SELU;
      const f = () => tf.tidy(() => tf.mul(lmbda, tf.where(tf.greater(x, 0), x, tf.mul(alpha, tf.sub(tf.exp(x), 1)))));
      return { run: () => readAll(f()), note: "eager (tfjs has no jit)" };
    },

    matmul(aData, bData, n) {
      const [a, b] = [tf.tensor2d(aData, [n, n]), tf.tensor2d(bData, [n, n])];
      return { run: () => readAll(tf.matMul(a, b)) };
    },

    sum(xData) {
      const x = tf.tensor1d(xData);
      return { run: () => readAll(tf.sum(x)) };
    },

    // No scan in tfjs: its cumsum op stands in.
    cumsumScan: (x) => cumsumOp(x, "tf.cumsum (no scan)"),
    cumsumAssociative: (x) => cumsumOp(x, "tf.cumsum (no scan)"),
    cumsumOp: (x) => cumsumOp(x, "tf.cumsum"),

    rnn(d: RnnData) {
      const { steps, hidden: H, input: I } = SIZES.rnn;
      const [wh, wx, b, xs] = [tf.tensor2d(d.wh, [H, H]), tf.tensor2d(d.wx, [I, H]), tf.tensor1d(d.b), tf.tensor2d(d.xs, [steps, I])];
      const run = () => {
        let h: tf.Tensor = tf.zeros([1, H]);
        for (let t = 0; t < steps; t++) {
          const prev = h;
          h = tf.tidy(() => tf.tanh(tf.add(tf.add(tf.matMul(prev, wh), tf.matMul(tf.slice(xs, [t, 0], [1, I]), wx)), b)));
          prev.dispose();
        }
        return readAll(h);
      };
      return { run, note: "JS loop of eager steps" };
    },

    // tfjs has no jit: W6 and W6e are both tf.grads + SGD run eagerly.
    mlpStep: (d: MlpData) => mlp(d),
    mlpStepEager: (d: MlpData) => mlp(d),

    loopCumsum(arrData) {
      const n = arrData.length;
      const arr = tf.tensor1d(arrData);
      // The functional update result.at[i].set(total) is tf.tensorScatterUpdate.
      const run = () => {
        const result = tf.tidy(() => {
          let result: tf.Tensor = tf.zeros([n]);
          let total: tf.Tensor = tf.zeros([1]);
          for (let i = 0; i < n; i++) {
            total = tf.add(tf.slice(arr, [i], [1]), total);
            result = tf.tensorScatterUpdate(result, tf.tensor2d([[i]], [1, 1], "int32"), total);
          }
          return result;
        });
        return readAll(result);
      };
      return { run, note: "tf.tensorScatterUpdate" };
    },
  };
}
