"""The JAX column of `npm run bench`: real JAX (CPU) in a process of its own.

Usage: python jax_worker.py <job.json>

bench/libs/jax.ts writes the job: the workloads to run (in the bench's run
order, with their titles), the harness's POLICY, the sizes and constants, and
a folder of inputs, the float32 arrays that bench/data.ts builds, written
bit-exactly. This process times each workload with the protocol of
bench/harness.ts (one first run, warm-up, medians) and writes the outputs of
the first run as float32 files; bench/libs/jax.ts then applies the workloads'
own checks, so JAX is held to the same references and tolerances as the rest.
The result JSON is rewritten after every case, so a killed run still reports.
"""

import json
import math
import os
import sys
import time

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import jaxlib  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from jax import lax  # noqa: E402


def now():
    return time.perf_counter() * 1000.0


def median(xs):
    s = sorted(xs)
    m = len(s) >> 1
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


class Runner:
    """run() does the work once, waits for it, and reads every output back to the host."""

    def __init__(self, f, args, note=None):
        self.f, self.args, self.note = f, args, note

    def run(self):
        outs = self.f(*self.args)
        outs = list(outs) if isinstance(outs, (list, tuple)) else [outs]
        jax.block_until_ready(outs)
        return [np.asarray(o) for o in outs]


def measure(runner, policy, save_outputs):
    """bench/harness.ts measure(), except the check: the caller checks the saved first outputs."""
    slow = policy["slowMs"]
    note = runner.note
    with_note = lambda extra: f"{note}; {extra}" if note else extra  # noqa: E731
    t = now()
    outs = runner.run()
    first = now() - t
    n_out = save_outputs(outs)
    base = {"firstMs": first, "outputs": n_out}
    if note:
        base["note"] = note
    if policy.get("firstOnly"):
        return {**base, "status": "ok"}
    if first > slow * 5:
        return {**base, "status": "slow", "medianMs": first, "minMs": first, "runs": 1, "note": with_note(f"first run only (> {slow * 5 / 1000:g} s)")}
    last = first
    if first > slow:
        # The first run may be mostly compilation: a second run tells whether the case itself is slow.
        t = now()
        runner.run()
        last = now() - t
        if last > slow:
            return {**base, "status": "slow", "medianMs": last, "minMs": last, "runs": 1, "note": with_note(f"1 timed run only (> {slow / 1000:g} s per run)")}
    warmups = 1 if last > slow / 4 else policy["warmups"]
    warm_start = now()
    i = 0
    while i < warmups or (warmups > 1 and now() - warm_start < policy["warmupMs"]):
        t = now()
        runner.run()
        last = now() - t
        i += 1
    runs = max(policy["minRuns"], min(policy["maxRuns"], math.ceil(policy["targetTotalMs"] / max(last, 1e-3))))
    times = []
    for _ in range(runs):
        t = now()
        runner.run()
        times.append(now() - t)
    return {**base, "status": "ok", "medianMs": median(times), "minMs": min(times), "runs": runs}


class Workloads:
    """Each workload as a JAX user writes it; inputs are put on the device before timing."""

    def __init__(self, job):
        self.job = job
        self.sizes = job["sizes"]
        self.alpha = job["selu"]["alpha"]
        self.lmbda = job["selu"]["lmbda"]

    def input(self, name, shape=None):
        x = np.fromfile(os.path.join(self.job["inputDir"], name + ".f32"), dtype="<f4")
        return jax.device_put(x.reshape(shape) if shape is not None else x)

    def prepare(self, wid):
        if wid == "W1":
            x = self.input("selu")
            alpha, lmbda = self.alpha, self.lmbda
            f = jax.jit(lambda x: jnp.where(x > 0, x, jnp.exp(x) * alpha - alpha) * lmbda)
            return Runner(f, (x,), "jit")
        if wid == "W1e":
            x = self.input("selu")
            alpha, lmbda = self.alpha, self.lmbda
            return Runner(lambda x: lmbda * jnp.where(x > 0, x, alpha * (jnp.exp(x) - 1)), (x,), "eager jnp ops")
        if wid.startswith("W2-"):
            n = int(wid[3:])
            a, b = self.input(f"matmul-{n}-a", (n, n)), self.input(f"matmul-{n}-b", (n, n))
            return Runner(jnp.matmul, (a, b))
        if wid == "W3":
            return Runner(jnp.sum, (self.input("sum"),))
        if wid == "W4-scan":

            def cumsum_scan(xs):
                def body(c, v):
                    s = c + v
                    return s, s

                return lax.scan(body, jnp.float32(0), xs)[1]

            return Runner(jax.jit(cumsum_scan), (self.input("cumsum"),), "jit(lax.scan)")
        if wid == "W4-assoc":
            return Runner(jax.jit(lambda xs: lax.associative_scan(jnp.add, xs)), (self.input("cumsum"),), "jit(lax.associative_scan)")
        if wid == "W4-op":
            return Runner(jnp.cumsum, (self.input("cumsum"),), "jnp.cumsum")
        if wid == "W5":
            r = self.sizes["rnn"]
            steps, h, i = r["steps"], r["hidden"], r["input"]
            args = (self.input("rnn-wh", (h, h)), self.input("rnn-wx", (i, h)), self.input("rnn-b"), self.input("rnn-xs", (steps, i)))

            def rnn(wh, wx, b, xs):
                def cell(hs, x):
                    return jnp.tanh(hs @ wh + x @ wx + b), None

                return lax.scan(cell, jnp.zeros(h, jnp.float32), xs)[0]

            return Runner(jax.jit(rnn), args, "jit(lax.scan)")
        if wid in ("W6", "W6e"):
            return self.mlp(jitted=wid == "W6")
        if wid == "W8":
            arr = self.input("loop")

            def loop(arr):
                result = jnp.zeros_like(arr)
                total = 0
                for i in range(arr.shape[0]):
                    total = arr[i] + total
                    result = result.at[i].set(total)
                return result

            return Runner(loop, (arr,), "x.at[i].set")
        raise ValueError(f"unknown workload {wid}")

    def mlp(self, jitted):
        m = self.sizes["mlp"]
        batch, sizes, lr = m["batch"], m["sizes"], m["lr"]
        params = [self.input(f"mlp-p{k}", shape) for k, shape in enumerate(self.job["mlpShapes"])]
        x = self.input("mlp-x", (batch, sizes[0]))
        y = self.input("mlp-y", (batch, sizes[-1]))

        def loss(p, x, y):
            h1 = jnp.tanh(x @ p[0] + p[1])
            h2 = jnp.tanh(h1 @ p[2] + p[3])
            logits = h2 @ p[4] + p[5]
            return jnp.sum(jax.nn.log_softmax(logits) * y) * (-1 / batch)

        def step(p, x, y):
            g = jax.grad(loss)(p, x, y)
            return jax.tree.map(lambda w, gw: w - gw * lr, p, g)

        return Runner(jax.jit(step) if jitted else step, (params, x, y), "jit(grad + SGD)" if jitted else "eager grad + SGD")


def main():
    with open(sys.argv[1]) as fh:
        job = json.load(fh)
    policy = job["policy"]
    os.makedirs(job["outputDir"], exist_ok=True)
    cpu = jax.devices("cpu")[0]  # starts the backend before any timing, as the JS workers' init() does
    result = {
        "describe": f"JAX {jax.__version__} (jaxlib {jaxlib.__version__}), device {cpu}, XLA's thread pool on {os.cpu_count()} cores, Python {sys.version.split()[0]}, numpy {np.__version__}",
        "cases": {},
    }

    def write():
        with open(job["resultPath"], "w") as fh:
            json.dump(result, fh)

    write()
    workloads = Workloads(job)
    cases = result["cases"]
    for w in job["workloads"]:
        wid = w["id"]
        sys.stderr.write(f"  {'JAX cpu':<21} {w['title']} ... ")
        sys.stderr.flush()
        est = w.get("estimateFrom")
        prev = est and cases.get(est["id"])
        prev_ms = prev and prev.get("medianMs", prev.get("firstMs"))
        if prev and prev["status"] != "ok":
            r = {"status": "skipped", "note": f"skipped ({est['id']} was {prev['status']})"}
        elif prev_ms is not None and prev_ms * est["factor"] > policy["slowMs"]:
            r = {"status": "skipped", "note": f"skipped: est. {prev_ms * est['factor'] / 1000:.1f} s per run"}
        else:

            def save(outs, wid=wid):
                for k, o in enumerate(outs):
                    np.asarray(o, dtype="<f4").ravel().tofile(os.path.join(job["outputDir"], f"{wid}.{k}.f32"))
                return len(outs)

            # --first-only (W7 samples): the last case's first run alone, those before it in full.
            case_policy = {**policy, "firstOnly": policy.get("firstOnly") and w is job["workloads"][-1]}
            try:
                r = measure(workloads.prepare(wid), case_policy, save)
            except Exception as e:  # noqa: BLE001 (reported in the table, as the JS workers do)
                r = {"status": "error", "note": (str(e).split("\n")[0] or type(e).__name__)[:200]}
        cases[wid] = r
        write()
        ms = f" {r['medianMs']:.3f} ms" if "medianMs" in r else (f" {r['firstMs']:.1f} ms (first)" if "firstMs" in r else "")
        sys.stderr.write(f"{r['status']}{ms}{' [' + r['note'] + ']' if r.get('note') else ''}\n")


if __name__ == "__main__":
    main()
