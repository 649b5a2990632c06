// debug.print against JAX's printed output (scripts/gen_debug_goldens.py):
// the same programs eagerly, under jit, vmap, grad, scan, while and cond.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { debug, grad, jit, jnp, lax, makeJaxpr, vmap, type NDArray } from "../../src/index.ts";
import { setPrintSink } from "../../src/debug/index.ts";

const golden = JSON.parse(readFileSync(new URL("../goldens/debug_print.json", import.meta.url), "utf8")) as Record<string, string[]>;

function captured(run: () => unknown): string[] {
  const lines: string[] = [];
  const prev = setPrintSink((l) => lines.push(...l.split("\n")));
  try {
    run();
  } finally {
    setPrintSink(prev);
  }
  return lines;
}

const f32 = (xs: number[]) => jnp.array(xs, { dtype: "float32" });
const x3 = f32([0, 1, 2]);
const f = (x: NDArray) => {
  debug.print("x={} y={y:.2f} z={}", x, x.sum().mul(2), { y: x.sum() });
  return x.mul(2);
};
const body = (c: NDArray, x: NDArray): [NDArray, NDArray] => {
  debug.print("c {} x {}", c, x);
  return [c.add(x), c];
};
const whileBody = ([i, v]: NDArray[]) => {
  debug.print("i={i} v={v:.3f}", { i, v });
  return [i.add(1), v.mul(0.5)];
};
const whileProg = () => lax.whileLoop(([i]: NDArray[]) => i.lt(3), whileBody, [jnp.array(0, { dtype: "int32" }), f32([1]).reshape([])]);
const condProg = (p: boolean | NDArray, x: NDArray) =>
  lax.cond(
    p,
    (v: NDArray) => {
      debug.print("true {}", v);
      return v;
    },
    (v: NDArray) => {
      debug.print("false {}", v);
      return v.neg();
    },
    x,
  );
const s = (v: number, dtype: "float32" | "int32" = "float32") => jnp.array(v, { dtype });

const programs: Record<string, () => unknown> = {
  eager: () => f(x3),
  jit: () => jit(f)(x3),
  vmap: () => vmap(f)(jnp.arange(6, { dtype: "float32" }).reshape([2, 3])),
  grad: () => grad((x: NDArray) => f(x).sum())(x3),
  jit_grad: () => jit(grad((x: NDArray) => f(x).sum()))(x3),
  scan: () => lax.scan(body, s(0), x3),
  jit_scan: () => jit((xs: NDArray) => lax.scan(body, s(0), xs))(x3),
  while: whileProg,
  jit_while: () => jit(whileProg)(),
  cond: () => [condProg(true, x3), jit(condProg)(jnp.array(false), x3)],
  specs: () =>
    debug.print(
      "{:>8.3f}|{:+e}|{:g}|{:5d}|{:%}|{:08.2f}|{:<6}|{:^7.1f}|{:,}",
      s(1 / 3),
      s(1 / 3),
      s(1e-7),
      s(42, "int32"),
      s(0.25),
      s(-3.14159),
      s(7, "int32"),
      s(2.5),
      s(1234567, "int32"),
    ),
  conversions: () => debug.print("{!r} {!s} {{literal}} ", x3, x3),
  containers: () => debug.print("{}", { b: [x3.get(jnp.s(null, 2)), s(1, "int32")], a: jnp.array(true) }),
  explicit: () => debug.print("{1} {0} {1}", s(1, "int32"), s(2, "int32")),
  matrix: () => debug.print("m =\n{}", jnp.arange(6, { dtype: "float32" }).reshape([2, 3]).div(8).add(0.1)),
  strings: () => debug.print("{} and {:>5}", "text", "ab"),
};

for (const [name, run] of Object.entries(programs)) {
  test(`debug.print prints what JAX prints: ${name}`, () => {
    assert.deepEqual(captured(run), golden[name]);
  });
}

test("debug.print stays in the jaxpr though nothing uses it, printed as JAX's", () => {
  const text = makeJaxpr(f)(x3).toString();
  assert.match(text, /^ {4}debug_print\[fmt=x=\{\} y=\{y:\.2f\} z=\{\} ordered=False\] a c d$/m);
});

test("debug.print checks its fields at the call, as Python's str.format", () => {
  assert.throws(() => debug.print("{} {}", x3), /Replacement index 1 out of range/);
  assert.throws(() => debug.print("{:.2f}", x3), /unsupported format string passed to numpy.ndarray.__format__/);
  assert.throws(() => debug.print("{a}", x3), /names the field 'a'/);
  assert.throws(() => debug.print("{} {0}", x3, x3), /cannot switch from automatic field numbering/);
  assert.throws(() => debug.print("{", x3), /Single '\{'/);
});

test("debug.callback gets concrete arrays in their pytrees, in program order", () => {
  const seen: string[] = [];
  const g = (x: NDArray) => {
    debug.callback((a: NDArray, t: { k: NDArray }) => seen.push(`${a.toString()} ${t.k.item()}`), x, { k: x.sum() });
    return x.add(1);
  };
  g(x3);
  jit(g)(x3);
  vmap(g)(jnp.stack([x3, x3.mul(2)]));
  assert.deepEqual(seen, ["[0. 1. 2.] 3", "[0. 1. 2.] 3", "[0. 1. 2.] 3", "[0. 2. 4.] 6"]);
});

test("debug.log formats as debug.print and writes an info-level line, under jit too", () => {
  const lines: string[] = [];
  const info = console.info;
  console.info = (line: string) => lines.push(line);
  try {
    const g = (x: NDArray) => {
      debug.log("sum={s:.1f} x={}", x, { s: x.sum() });
      return x.mul(2);
    };
    g(x3);
    jit(g)(x3);
  } finally {
    console.info = info;
  }
  assert.deepEqual(lines, ["sum=3.0 x=[0. 1. 2.]", "sum=3.0 x=[0. 1. 2.]"]);
  assert.throws(() => debug.log("{} {}", x3), /Replacement index 1 out of range/);
});
