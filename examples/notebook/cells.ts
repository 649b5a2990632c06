// The seed notebook ("JAX Advanced Concepts: PyTree, LAX, XLA, and Scan"),
// cell by cell. Each cell prints what the notebook prints and returns the
// values it printed, labelled as in ../../shared/goldens/notebook/*.json.
import { type NDArray, jit, grad, lax, jnp, random, tree } from "jaxts";
import { fixed, pyRepr, pyStr } from "./pyfmt.ts";

export type Value = NDArray | number | boolean | string;
export interface Output {
  label: string;
  value: Value;
  text?: boolean;
}
export type Print = (...parts: unknown[]) => void;
export interface Cell {
  id: string;
  heading?: string;
  run(print: Print): Output[];
}

const out = (label: string, value: Value): Output => ({ label, value });
const text = (label: string, value: string): Output => ({ label, value, text: true });
/** Outputs for each leaf of a pytree, labelled with its key path (as the goldens do). */
function leaves(prefix: string, t: unknown): Output[] {
  const [pairs] = tree.flattenWithPath(t);
  return pairs.map(([path, leaf]) => out(prefix + tree.keystr(path), leaf as Value));
}

// ---------------- Part 1: PyTree ----------------

const c001: Cell = {
  id: "001_seed_pytree_examples",
  heading: "# Part 1: PyTree - Working with Nested Structures\n## 1.1 What is a PyTree?",
  run(print) {
    const pytree1 = [1, 2, 3];
    const pytree2 = [jnp.array([1.0, 2.0]), jnp.array([3.0, 4.0])];
    const pytree3 = { a: jnp.array([1.0]), b: jnp.array([2.0]) };
    const pytree4 = { weights: jnp.ones([3, 3]), bias: jnp.zeros([3]) };
    const pytree5 = [
      { W: jnp.ones([2, 2]), b: jnp.zeros([2]) },
      { W: jnp.ones([2, 1]), b: jnp.zeros([1]) },
    ];
    print("PyTree examples:");
    print(`List: ${pyRepr(pytree1)}`);
    print(`Tuple: ${pyRepr(pytree2)}`);
    print(`Dictionary: ${pyRepr(pytree3)}`);
    print(`Nested: ${pyRepr(pytree4)}`);
    const trees = { pytree1, pytree2, pytree3, pytree4, pytree5 };
    const res: Output[] = [];
    for (const [name, t] of Object.entries(trees)) {
      res.push(...leaves(name, t), out(`${name}_num_leaves`, tree.leaves(t).length));
    }
    for (const name of ["pytree1", "pytree3", "pytree4", "pytree5"] as const) {
      res.push(text(`${name}_structure`, tree.structure(trees[name]).toString()));
    }
    return res;
  },
};

const c002: Cell = {
  id: "002_seed_tree_flatten_unflatten",
  heading: "## 1.2 Tree Operations",
  run(print) {
    const params = {
      weights: jnp.array([
        [1.0, 2.0],
        [3.0, 4.0],
      ]),
      bias: jnp.array([0.5, 1.5]),
    };
    const [lv, treedef] = tree.flatten(params);
    print("Original PyTree:");
    print(pyRepr(params));
    print("\nFlattened leaves:");
    lv.forEach((leaf, i) => print(`Leaf ${i}: ${pyStr(leaf)}`));
    print(`\nTree structure: ${treedef}`);
    const reconstructed = tree.unflatten(treedef, lv) as typeof params;
    print("\nReconstructed PyTree:");
    print(pyRepr(reconstructed));
    return [
      out("num_leaves", lv.length),
      out("leaf0", lv[0] as NDArray),
      out("leaf1", lv[1] as NDArray),
      text("treedef", treedef.toString()),
      ...leaves("reconstructed", reconstructed),
      text("reconstructed_treedef", tree.structure(reconstructed).toString()),
      out("same_structure", tree.structure(reconstructed).equals(treedef)),
    ];
  },
};

const c003: Cell = {
  id: "003_seed_tree_map",
  run(print) {
    const params = {
      weights: jnp.array([
        [1.0, 2.0],
        [3.0, 4.0],
      ]),
      bias: jnp.array([0.5, 1.5]),
    };
    const doubled = tree.map((x: NDArray) => x.mul(2), params);
    print("Original:");
    print(pyRepr(params));
    print("\nDoubled:");
    print(pyRepr(doubled));
    const params2 = { weights: jnp.ones([2, 2]), bias: jnp.ones([2]) };
    const sumParams = tree.map((x: NDArray, y: NDArray) => x.add(y), params, params2);
    print("\nSum of two PyTrees:");
    print(pyRepr(sumParams));
    return [...leaves("doubled", doubled), ...leaves("sum_params", sumParams)];
  },
};

type Params = { weights: NDArray; bias: NDArray };
function lossFn(params: Params, x: NDArray, y: NDArray): NDArray {
  const pred = jnp.dot(x, params.weights).add(params.bias);
  return jnp.mean(pred.sub(y).pow(2));
}
const linearData = () => ({
  x: jnp.array([
    [1.0, 2.0],
    [3.0, 4.0],
  ]),
  y: jnp.array([
    [1.0, 2.0],
    [3.0, 4.0],
  ]),
  params: {
    weights: jnp.array([
      [0.1, 0.2],
      [0.3, 0.4],
    ]),
    bias: jnp.array([0.0, 0.0]),
  },
});

const c004: Cell = {
  id: "004_seed_grad_linear_loss",
  heading: "## 1.3 PyTrees with JAX Transformations",
  run(print) {
    const { x, y, params } = linearData();
    const grads = grad(lossFn)(params, x, y);
    print("Parameters:");
    print(pyRepr(params));
    print("\nGradients (same structure):");
    print(pyRepr(grads));
    return [out("loss", lossFn(params, x, y)), ...leaves("grads", grads)];
  },
};

const c005: Cell = {
  id: "005_seed_sgd_steps",
  run(print) {
    const { x, y } = linearData();
    const update = jit((params: Params, x: NDArray, y: NDArray, learningRate: number): Params => {
      const grads = grad(lossFn)(params, x, y);
      return tree.map((p: NDArray, g: NDArray) => p.sub(g.mul(learningRate)), params, grads);
    });
    let params = linearData().params;
    const res: Output[] = [];
    for (let i = 0; i < 5; i++) {
      const loss = lossFn(params, x, y);
      params = update(params, x, y, 0.1);
      print(`Step ${i}: Loss = ${fixed(loss, 4)}`);
      res.push(out(`loss_step${i}`, loss));
    }
    print("\nFinal parameters:");
    print(pyRepr(params));
    return [...res, ...leaves("final_params", params)];
  },
};

const MLPParams = tree.namedTuple("MLPParams", ["w1", "b1", "w2", "b2"]);

const c006: Cell = {
  id: "006_seed_mlp_namedtuple",
  heading: "## 1.4 Custom PyTree Nodes",
  run(print) {
    const params = new MLPParams({ w1: jnp.ones([10, 5]), b1: jnp.zeros([5]), w2: jnp.ones([5, 2]), b2: jnp.zeros([2]) });
    const scaled = tree.map((x: NDArray) => x.mul(0.5), params) as typeof params;
    print("Original w1 sum:", pyStr(params.w1.sum()));
    print("Scaled w1 sum:", pyStr(scaled.w1.sum()));
    const countParams = (t: unknown) => tree.flatten(t)[0].reduce((s: number, x) => s + (x as NDArray).size, 0);
    print(`\nTotal parameters: ${countParams(params)}`);
    return [
      out("w1_sum", params.w1.sum()),
      out("scaled_w1_sum", scaled.w1.sum()),
      out("scaled_w2", scaled.w2),
      out("scaled_b1", scaled.b1),
      out("scaled_is_mlpparams", scaled instanceof MLPParams),
      out("total_params", countParams(params)),
      text("leaf_shapes", JSON.stringify(tree.leaves(params).map((l) => (l as NDArray).shape)).replace(/,/g, ", ")),
    ];
  },
};

// ---------------- Part 2: LAX ----------------

const c007: Cell = {
  id: "007_seed_lax_cond",
  heading: "# Part 2: LAX - Low-Level Operations\n## 2.1 Control Flow with LAX",
  run(print) {
    const fTrue = (x: NDArray) => x.add(1);
    const fFalse = (x: NDArray) => x.sub(1);
    // A Python float is a weak float32; JS has no 5.0 literal distinct from 5, so say so.
    const x = jnp.array(5.0);
    const resultTrue = lax.cond(true, fTrue, fFalse, x) as NDArray;
    const resultFalse = lax.cond(false, fTrue, fFalse, x) as NDArray;
    print(`x = ${x}`);
    print(`cond(True, ...): ${resultTrue}`);
    print(`cond(False, ...): ${resultFalse}`);
    const reluCond = jit(
      (x: NDArray) =>
        lax.cond(
          x.gt(0),
          (x: NDArray) => x,
          () => 0.0,
          x,
        ) as NDArray,
    );
    const a = reluCond(jnp.array(-2.0));
    const b = reluCond(jnp.array(3.0));
    print(`\nReLU(-2.0) = ${a}`);
    print(`ReLU(3.0) = ${b}`);
    return [
      out("result_true", resultTrue),
      out("result_false", resultFalse),
      out("relu_neg2", a),
      out("relu_3", b),
      out("relu_0", reluCond(jnp.array(0.0))),
    ];
  },
};

const c008: Cell = {
  id: "008_seed_lax_switch",
  run(print) {
    const branches = [(x: NDArray) => x.pow(2), (x: NDArray) => x.pow(3), (x: NDArray) => jnp.sqrt(x)];
    const x = jnp.array(4.0);
    const res: Output[] = [];
    for (let i = 0; i < 3; i++) {
      const r = lax.switch(i, branches, x) as NDArray;
      print(`Branch ${i}(x=4.0): ${r}`);
      res.push(out(`branch${i}`, r));
    }
    return res;
  },
};

const c009: Cell = {
  id: "009_seed_while_loop",
  run(print) {
    const condFun = ([i]: NDArray[]) => i.lt(10);
    const bodyFun = ([i, total]: NDArray[]) => [i.add(1), total.add(i)];
    const [finalI, finalTotal] = lax.whileLoop(condFun, bodyFun, [0, 0]) as NDArray[];
    const expected = [...Array(10).keys()].reduce((a, b) => a + b, 0);
    print(`Sum of 0 to 9: ${finalTotal}`);
    print(`Expected: ${expected}`);
    return [out("final_i", finalI), out("final_total", finalTotal), out("expected", expected)];
  },
};

const c010: Cell = {
  id: "010_seed_select_clamp",
  heading: "## 2.2 LAX Operations",
  run(print) {
    let x = jnp.array([1.0, 2.0, 3.0, 4.0, 5.0]);
    const result = lax.select(x.gt(3), x, x.neg());
    print(`x: ${x}`);
    print(`select(x > 3, x, -x): ${result}`);
    x = jnp.array([-1.0, 0.5, 2.0, 5.0]);
    const clamped = lax.clamp(0.0, x, 3.0);
    print(`\nx: ${x}`);
    print(`clamp(0, x, 3): ${clamped}`);
    return [out("select", result), out("clamp", clamped)];
  },
};

export function cumsumLoop(arr: NDArray): NDArray {
  let result = jnp.zerosLike(arr);
  let total: NDArray | number = 0;
  for (let i = 0; i < arr.shape[0]; i++) {
    total = arr.get(i).add(total);
    result = result.at(i).set(total);
  }
  return result;
}
export function cumsumScan(arr: NDArray): NDArray {
  const body = (carry: NDArray, x: NDArray) => {
    const c = carry.add(x);
    return [c, c];
  };
  return (lax.scan(body, 0.0, arr) as [NDArray, NDArray])[1];
}

const c011: Cell = {
  id: "011_seed_cumsum_loop_scan_jnp",
  run(print) {
    const arr = jnp.arange(10, null, null, { dtype: "float32" });
    print(`Array: ${arr}`);
    print(`Cumsum (loop): ${cumsumLoop(arr)}`);
    print(`Cumsum (scan): ${cumsumScan(arr)}`);
    print(`Cumsum (jnp): ${jnp.cumsum(arr)}`);
    return [out("arr", arr), out("cumsum_loop", cumsumLoop(arr)), out("cumsum_scan", cumsumScan(arr)), out("cumsum_jnp", jnp.cumsum(arr))];
  },
};

// ---------------- Part 3: XLA ----------------

export function selu(x: NDArray, alpha = 1.67, lmbda = 1.05): NDArray {
  return jnp.where(x.gt(0), x, jnp.exp(x).mul(alpha).sub(alpha)).mul(lmbda);
}
export const seluJit = jit((x: NDArray) => selu(x));

const c012: Cell = {
  id: "012_seed_selu_jit",
  heading: "# Part 3: XLA - Accelerated Linear Algebra\n## 3.1 Understanding JIT Compilation",
  run() {
    const x = jnp.arange(-5, 5, 0.5, { dtype: "float32" });
    return [
      out("x", x),
      out("selu_jit", seluJit(x)),
      out("selu_eager", selu(x)),
      out("selu_jit_arange", seluJit(jnp.arange(10, null, null, { dtype: "float32" }))),
    ];
  },
};

const c013: Cell = {
  id: "013_seed_normalize_bad",
  heading: "## 3.2 Static vs Traced Arguments",
  run(print) {
    const normalizeBad = jit((x: NDArray) =>
      x.ndim === 1 ? x.div(jnp.linalg.norm(x)) : x.div(jnp.linalg.norm(x, { axis: 1, keepdims: true })),
    );
    const x1 = jnp.array([1.0, 2.0, 3.0]);
    const x2 = jnp.array([
      [1.0, 2.0],
      [3.0, 4.0],
    ]);
    const result1 = normalizeBad(x1);
    const result2 = normalizeBad(x2);
    print("Both calls succeeded but caused recompilation");
    print(`(jit cache now holds ${normalizeBad.cacheSize()} compiled variants)`);
    return [out("result1", result1), out("result2", result2), out("cache_size", normalizeBad.cacheSize())];
  },
};

const c014: Cell = {
  id: "014_seed_normalize_axis_static",
  run(print) {
    const normalizeAxis = jit((x: NDArray, axis: number) => x.div(jnp.linalg.norm(x, { axis, keepdims: true })), { staticArgnums: [1] });
    const x = jnp.array([
      [1.0, 2.0],
      [3.0, 4.0],
    ]);
    const r0 = normalizeAxis(x, 0);
    const r1 = normalizeAxis(x, 1);
    print("Original:");
    print(String(x));
    print("\nNormalized (axis=0):");
    print(String(r0));
    print("\nNormalized (axis=1):");
    print(String(r1));
    return [out("axis0", r0), out("axis1", r1), out("cache_size", normalizeAxis.cacheSize())];
  },
};

export function separateOps(x: NDArray): NDArray {
  const a = x.add(1);
  const b = a.mul(2);
  return b.sub(3);
}
export const fusedOps = jit((x: NDArray) => x.add(1).mul(2).sub(3));

const c015: Cell = {
  id: "015_seed_fused_ops",
  heading: "## 3.3 XLA Optimization Tips",
  run() {
    const x = jnp.arange(16, null, null, { dtype: "float32" });
    return [out("separate", separateOps(x)), out("fused", fusedOps(x)), out("fused_int", fusedOps(jnp.arange(5)))];
  },
};

// ---------------- Part 4: Scan ----------------

const c016: Cell = {
  id: "016_seed_scan_body_fn",
  heading: "# Part 4: Scan - Efficient Sequential Operations\n## 4.1 Basic Scan Usage",
  run(print) {
    const bodyFn = (carry: NDArray, x: NDArray) => {
      const c = carry.add(x);
      return [c, c];
    };
    const xs = jnp.array([1.0, 2.0, 3.0, 4.0, 5.0]);
    const [finalCarry, outputs] = lax.scan(bodyFn, 0.0, xs) as [NDArray, NDArray];
    print(`Input: ${xs}`);
    print(`Cumulative sum: ${outputs}`);
    print(`Final carry (total sum): ${finalCarry}`);
    return [out("outputs", outputs), out("final_carry", finalCarry)];
  },
};

export function fibLoop(n: number): NDArray {
  const result: number[] = [];
  let [a, b] = [0, 1];
  for (let i = 0; i < n; i++) {
    result.push(a);
    [a, b] = [b, a + b];
  }
  return jnp.array(result, { dtype: "int32" });
}
export function fibScan(n: number): NDArray {
  const body = ([a, b]: NDArray[]) => [[b, a.add(b)], a];
  return (lax.scan(body, [0, 1], null, { length: n }) as [unknown, NDArray])[1];
}
export const fibScanStatic = jit(fibScan, { staticArgnums: 0 });

const c017: Cell = {
  id: "017_seed_fibonacci_scan",
  heading: "## 4.2 Scan vs For Loop",
  run(print) {
    const n = 20;
    print(`First ${n} Fibonacci numbers:`);
    print(`Loop: ${fibLoop(n)}`);
    print(`Scan: ${fibScanStatic(n)}`);
    let error = "";
    try {
      jit(fibScan)(n as unknown as number);
    } catch (e) {
      error = `${(e as Error).name}: ${(e as Error).message}`;
      print(`\n@jit with a traced n fails as in JAX: ${error.split("\n")[0]}`);
    }
    return [
      out("fib_loop", fibLoop(n)),
      out("fib_scan_eager", fibScan(n)),
      out("fib_scan_static", fibScanStatic(n)),
      text("fib_scan_traced_length", error),
    ];
  },
};

type RnnParams = { W_hh: NDArray; W_xh: NDArray; b: NDArray };
export const rnnCell = jit((carry: NDArray, x: NDArray, Whh: NDArray, Wxh: NDArray, b: NDArray): [NDArray, NDArray] => {
  const hNew = jnp.tanh(jnp.dot(Whh, carry).add(jnp.dot(Wxh, x)).add(b));
  return [hNew, hNew];
});
export const rnnForward = jit((params: RnnParams, h0: NDArray, xs: NDArray): NDArray => {
  const body = (carry: NDArray, x: NDArray) => rnnCell(carry, x, params.W_hh, params.W_xh, params.b);
  return (lax.scan(body, h0, xs) as [NDArray, NDArray])[1];
});

const c018: Cell = {
  id: "018_seed_rnn_forward",
  heading: "## 4.3 Practical Example: RNN",
  run(print) {
    let key = random.PRNGKey(0);
    const hiddenDim = 4;
    const inputDim = 3;
    const keys = random.split(key, 4);
    key = keys.get(0);
    const subkeys = [1, 2, 3].map((i) => keys.get(i));
    const params: RnnParams = {
      W_hh: random.normal(subkeys[0], [hiddenDim, hiddenDim]).mul(0.1),
      W_xh: random.normal(subkeys[1], [hiddenDim, inputDim]).mul(0.1),
      b: jnp.zeros([hiddenDim]),
    };
    const timeSteps = 10;
    const ks = random.split(key);
    key = ks.get(0);
    const xs = random.normal(ks.get(1), [timeSteps, inputDim]);
    const h0 = jnp.zeros([hiddenDim]);
    const outputs = rnnForward(params, h0, xs);
    print(`Input shape: (${xs.shape.join(", ")})`);
    print(`Output shape: (${outputs.shape.join(", ")})`);
    print("\nFirst 3 hidden states:");
    print(String(outputs.get(jnp.s(null, 3))));
    return [
      out("key_after", key),
      ...leaves("params", params),
      out("xs", xs),
      out("outputs", outputs),
      out("first3", outputs.get(jnp.s(null, 3))),
    ];
  },
};

export function cumsumForward(xs: NDArray): NDArray {
  return (
    lax.scan(
      (c: NDArray, x: NDArray) => {
        const n = c.add(x);
        return [n, n];
      },
      0.0,
      xs,
    ) as [NDArray, NDArray]
  )[1];
}
export function cumsumReverse(xs: NDArray): NDArray {
  return (
    lax.scan(
      (c: NDArray, x: NDArray) => {
        const n = c.add(x);
        return [n, n];
      },
      0.0,
      xs,
      { reverse: true },
    ) as [NDArray, NDArray]
  )[1];
}

const c019: Cell = {
  id: "019_seed_bidirectional_cumsum",
  heading: "## 4.4 Bidirectional Scan",
  run(print) {
    const xs = jnp.array([1.0, 2.0, 3.0, 4.0, 5.0]);
    const f = cumsumForward(xs);
    const r = cumsumReverse(xs);
    print(`Input: ${xs}`);
    print(`Forward cumsum: ${f}`);
    print(`Reverse cumsum: ${r}`);
    print(`Bidirectional sum: ${f.add(r)}`);
    return [out("forward", f), out("reverse", r), out("bidirectional", f.add(r))];
  },
};

export function runningStats(xs: NDArray): { count: NDArray; means: NDArray; variances: NDArray } {
  const body = ([count, mean, M2]: NDArray[], x: NDArray) => {
    const c = count.add(1);
    const delta = x.sub(mean);
    const m = mean.add(delta.div(c));
    const delta2 = x.sub(m);
    const m2 = M2.add(delta.mul(delta2));
    return [
      [c, m, m2],
      [m, m2.div(c)],
    ];
  };
  const [[count], [means, variances]] = lax.scan(body, [0, 0.0, 0.0], xs) as [NDArray[], NDArray[]];
  return { count, means, variances };
}

const c020: Cell = {
  id: "020_seed_running_stats",
  heading: "## 4.5 Scan with Multiple Carries",
  run(print) {
    const xs = random.normal(random.PRNGKey(42), [100]).mul(2.0).add(5.0);
    const { count, means, variances } = runningStats(xs);
    print(`Final mean: ${fixed(means.get(-1), 3)} (true: ${fixed(xs.mean(), 3)})`);
    print(`Final variance: ${fixed(variances.get(-1), 3)} (true: ${fixed(xs.var(), 3)})`);
    return [
      out("xs", xs),
      out("final_count", count),
      out("means", means),
      out("variances", variances),
      out("final_mean", means.get(-1)),
      out("final_variance", variances.get(-1)),
      out("true_mean", xs.mean()),
      out("true_var", xs.var()),
    ];
  },
};

export const regularScanSum = (xs: NDArray): NDArray =>
  (lax.scan((c: NDArray, x: NDArray) => [c.add(x), c.add(x)], 0.0, xs) as [NDArray, NDArray])[1];
export const parallelScanSum = (xs: NDArray): NDArray => lax.associativeScan((a: NDArray, b: NDArray) => a.add(b), xs) as NDArray;

const c021: Cell = {
  id: "021_seed_associative_scan",
  heading: "## 4.6 Advanced: Associative Scan",
  run(print) {
    const xs = jnp.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
    const regular = regularScanSum(xs);
    const parallel = parallelScanSum(xs);
    const match = jnp.allclose(regular, parallel);
    print(`Input: ${xs}`);
    print(`Regular scan: ${regular}`);
    print(`Parallel scan: ${parallel}`);
    print(`\nResults match: ${match.item() ? "True" : "False"}`);
    return [
      out("regular", regular),
      out("parallel", parallel),
      out("match", match),
      out("parallel_100", parallelScanSum(jnp.arange(100, null, null, { dtype: "float32" }))),
    ];
  },
};

export const cells: Cell[] = [
  c001,
  c002,
  c003,
  c004,
  c005,
  c006,
  c007,
  c008,
  c009,
  c010,
  c011,
  c012,
  c013,
  c014,
  c015,
  c016,
  c017,
  c018,
  c019,
  c020,
  c021,
];
