// Turns the JAX call strings that key random.json ("normal(PRNGKey(0), (2, 3))",
// "uniform(PRNGKey(0), (3,), minval=-2, maxval=5)") into jaxts calls: a tiny
// parser for Python call syntax and a table from jax.random names to ours.
import { type NDArray, jnp, random } from "../../src/index.ts";

export type Value = number | boolean | Value[] | Call;
export interface Call {
  name: string;
  args: Value[];
  kwargs: Record<string, Value>;
}

function tokenize(src: string): string[] {
  const toks = src.match(/-?\d+(\.\d+)?(e-?\d+)?|[A-Za-z_][A-Za-z_0-9.]*|[(),=]/g);
  if (!toks || toks.join("") !== src.replace(/\s+/g, "")) throw new Error(`cannot tokenize ${JSON.stringify(src)}`);
  return toks;
}

/** Parse one Python expression made of calls, tuples, numbers and True/False. */
export function parseCall(src: string): Call {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const eat = (t?: string) => {
    const tok = toks[i++];
    if (t !== undefined && tok !== t) throw new Error(`expected ${t} at token ${i - 1} of ${src}, got ${tok}`);
    return tok;
  };
  const value = (): Value => {
    const t = peek();
    if (t === "(") {
      eat("(");
      const items: Value[] = [];
      while (peek() !== ")") {
        items.push(value());
        if (peek() === ",") eat(",");
      }
      eat(")");
      return items;
    }
    if (/^-?\d/.test(t)) return Number(eat());
    if (t === "True" || t === "False") return eat() === "True";
    const name = eat();
    eat("(");
    const call: Call = { name, args: [], kwargs: {} };
    while (peek() !== ")") {
      if (toks[i + 1] === "=") {
        const k = eat();
        eat("=");
        call.kwargs[k] = value();
      } else call.args.push(value());
      if (peek() === ",") eat(",");
    }
    eat(")");
    return call;
  };
  const v = value();
  if (i !== toks.length || typeof v !== "object" || Array.isArray(v)) throw new Error(`not a single call: ${src}`);
  return v;
}

type Key = random.KeyLike;
const num = (v: Value) => v as number;
const shape = (v: Value | undefined) => (v === undefined ? [] : (v as number[]));

/** jax.random name → our function, given the evaluated key and the remaining literal arguments. */
const samplers: Record<string, (k: Key, args: Value[], kw: Record<string, Value>) => NDArray | random.KeyLike> = {
  split: (k, a) => random.split(k, a.length ? num(a[0]) : 2),
  fold_in: (k, a) => random.foldIn(k, num(a[0])),
  bits: (k, a) => random.bits(k, shape(a[0])),
  uniform: (k, a, kw) => random.uniform(k, shape(a[0]), { minval: (kw.minval as number) ?? 0, maxval: (kw.maxval as number) ?? 1 }),
  normal: (k, a) => random.normal(k, shape(a[0])),
  truncated_normal: (k, a) => random.truncatedNormal(k, num(a[0]), num(a[1]), a.length > 2 ? shape(a[2]) : null),
  randint: (k, a) => random.randint(k, shape(a[0]), num(a[1]), num(a[2])),
  bernoulli: (k, a) => random.bernoulli(k, num(a[0]), a.length > 1 ? shape(a[1]) : null),
  permutation: (k, a) => random.permutation(k, num(a[0])),
  choice: (k, a, kw) => random.choice(k, num(a[0]), shape(a[1]), { replace: (kw.replace as boolean) ?? true }),
  gumbel: (k, a) => random.gumbel(k, shape(a[0])),
  exponential: (k, a) => random.exponential(k, shape(a[0])),
  laplace: (k, a) => random.laplace(k, shape(a[0])),
  categorical: (k, a) => random.categorical(k, jnp.array(a[0] as number[])),
};

export interface Plan {
  /** The seed of the key the call starts from. */
  seed: number;
  /** Applies the call to a key (legacy or typed) made from `seed`. */
  run(k: Key): NDArray | random.KeyLike;
}

/** Plan a golden: `PRNGKey(n)` alone, or `sampler(PRNGKey(n), ...)`. */
export function plan(src: string): Plan {
  const c = parseCall(src);
  if (c.name === "PRNGKey") return { seed: num(c.args[0]), run: (k) => k };
  const f = samplers[c.name];
  if (!f) throw new Error(`no jaxts mapping for the golden call ${src}; add one to test/random/golden_calls.ts`);
  const [keyArg, ...rest] = c.args;
  if (typeof keyArg !== "object" || Array.isArray(keyArg) || keyArg.name !== "PRNGKey")
    throw new Error(`expected PRNGKey(n) as the first argument of ${src}`);
  return { seed: num(keyArg.args[0]), run: (k) => f(k, rest, c.kwargs) };
}
