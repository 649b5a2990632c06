// Turns the JAX call strings that key random.json ("normal(PRNGKey(0), (2, 3))",
// "uniform(PRNGKey(0), (3,), minval=-2, maxval=5)") into jaxts calls: a tiny
// parser for Python call syntax and a table from jax.random names to ours.
import { type NDArray, config, jnp, random } from "../../src/index.ts";

export type Value = number | boolean | string | null | Value[] | Call | Name;
/** A bare Python name other than True/False/None (a placeholder such as `A`). */
export interface Name {
  name: string;
}
export interface Call {
  name: string;
  args: Value[];
  kwargs: Record<string, Value>;
}

function tokenize(src: string): string[] {
  const toks = src.match(/-?\d+(\.\d+)?(e-?\d+)?|[A-Za-z_][A-Za-z_0-9.]*|'[^']*'|[(),=]/g);
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
    if (t === "None") {
      eat();
      return null;
    }
    if (t.startsWith("'")) return eat().slice(1, -1);
    const name = eat();
    if (peek() !== "(") return { name };
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
  if (i !== toks.length || v === null || typeof v !== "object" || Array.isArray(v) || !("args" in v))
    throw new Error(`not a single call: ${src}`);
  return v;
}

type Key = random.KeyLike;
// Evaluated golden arguments are whatever the call needs.
type Arg = any;
const num = (v: Arg) => v as number;
const shape = (v: Arg) => (v === undefined ? [] : (v as number[]));

/** An argument's value: tuples stay JS arrays (shapes), array(...) is a float32 array, `None` is undefined, names come from env. */
export function evalValue(v: Value, env: Record<string, Arg> = {}): Arg {
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.map((x) => evalValue(x, env));
  if (typeof v !== "object") return v;
  if (!("args" in v)) {
    if (!(v.name in env)) throw new Error(`unbound name ${v.name} in a golden call`);
    return env[v.name];
  }
  if (v.name === "array") return jnp.array(evalValue(v.args[0], env), config.enableX64 ? "float64" : "float32");
  throw new Error(`unexpected call ${v.name} in an argument`);
}

/** jax.random name → our function, given the evaluated key and the remaining literal arguments. */
const samplers: Record<string, (k: Key, args: Arg[], kw: Record<string, Arg>) => NDArray | random.KeyLike> = {
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

/**
 * The newer samplers by signature: JAX's parameter names after the key, in
 * order; a leading "*" marks one that jaxts takes in the options object.
 */
const SIGNATURES: Record<string, [string, string[]]> = {
  cauchy: ["cauchy", ["shape", "*dtype"]],
  logistic: ["logistic", ["shape", "*dtype"]],
  lognormal: ["lognormal", ["sigma", "shape", "*dtype"]],
  pareto: ["pareto", ["b", "shape", "*dtype"]],
  rademacher: ["rademacher", ["shape", "*dtype"]],
  maxwell: ["maxwell", ["shape", "*dtype"]],
  double_sided_maxwell: ["doubleSidedMaxwell", ["loc", "scale", "shape", "*dtype"]],
  weibull_min: ["weibullMin", ["scale", "concentration", "shape", "*dtype"]],
  rayleigh: ["rayleigh", ["scale", "shape", "*dtype"]],
  wald: ["wald", ["mean", "shape", "*dtype"]],
  geometric: ["geometric", ["p", "shape", "*dtype"]],
  triangular: ["triangular", ["left", "mode", "right", "shape", "*dtype"]],
  gamma: ["gamma", ["a", "shape", "*dtype"]],
  loggamma: ["loggamma", ["a", "shape", "*dtype"]],
  beta: ["beta", ["a", "b", "shape", "*dtype"]],
  dirichlet: ["dirichlet", ["alpha", "shape", "*dtype"]],
  chisquare: ["chisquare", ["df", "shape", "*dtype"]],
  f: ["f", ["dfnum", "dfden", "shape", "*dtype"]],
  t: ["t", ["df", "shape", "*dtype"]],
  generalized_normal: ["generalizedNormal", ["p", "shape", "*dtype"]],
  ball: ["ball", ["d", "p", "shape", "*dtype"]],
  poisson: ["poisson", ["lam", "shape", "*dtype"]],
  binomial: ["binomial", ["n", "p", "shape", "*dtype"]],
  multinomial: ["multinomial", ["n", "p", "*shape", "*dtype"]],
  multivariate_normal: ["multivariateNormal", ["mean", "cov", "shape", "*dtype", "*method"]],
  orthogonal: ["orthogonal", ["n", "shape", "*dtype", "*m"]],
  clone: ["clone", []],
};

/** Lay a JAX call's arguments out as jaxts's: positional ones in order (undefined for gaps), then the options. */
function bySignature(jaxName: string): ((k: Key, a: Arg[], kw: Record<string, Arg>) => NDArray | random.KeyLike) | undefined {
  const sig = SIGNATURES[jaxName];
  if (!sig) return undefined;
  const [ours, params] = sig;
  return (k, a, kw) => {
    const positional: Arg[] = [];
    const opts: Record<string, Arg> = {};
    params.forEach((p, i) => {
      const name = p.replace("*", "");
      const v = i < a.length ? a[i] : kw[name];
      if (p.startsWith("*")) {
        if (v !== undefined) opts[name] = v;
      } else positional.push(v);
    });
    while (positional.length && positional[positional.length - 1] === undefined) positional.pop();
    const fn = (random as unknown as Record<string, (...x: Arg[]) => NDArray | random.KeyLike>)[ours];
    if (typeof fn !== "function") throw new Error(`random.${ours} does not exist`);
    return Object.keys(opts).length
      ? fn(k, ...positional, ...new Array(params.filter((p) => !p.startsWith("*")).length - positional.length).fill(undefined), opts)
      : fn(k, ...positional);
  };
}

export interface Plan {
  /** The seed of the key the call starts from. */
  seed: number;
  /** Applies the call to a key (legacy or typed) made from `seed`; `env` binds placeholder names such as `A`. */
  run(k: Key, env?: Record<string, Arg>): NDArray | random.KeyLike;
}

/** Plan a golden: `PRNGKey(n)` alone, or `sampler(PRNGKey(n), ...)`. */
export function plan(src: string): Plan {
  const c = parseCall(src);
  if (c.name === "PRNGKey") return { seed: num(c.args[0]), run: (k) => k };
  const f = samplers[c.name] ?? bySignature(c.name);
  if (!f) throw new Error(`no jaxts mapping for the golden call ${src}; add one to test/random/golden_calls.ts`);
  const [keyArg, ...rest] = c.args;
  if (keyArg === null || typeof keyArg !== "object" || Array.isArray(keyArg) || !("args" in keyArg) || keyArg.name !== "PRNGKey")
    throw new Error(`expected PRNGKey(n) as the first argument of ${src}`);
  const seed = num(keyArg.args[0]);
  return {
    seed,
    run: (k, env = {}) => {
      const kw: Record<string, Arg> = {};
      for (const [name, v] of Object.entries(c.kwargs)) kw[name] = evalValue(v, env);
      return f(
        k,
        rest.map((v) => evalValue(v, env)),
        kw,
      );
    },
  };
}

/** Whether jaxts has the function a golden call names (lets a test skip what is not written yet). */
export function implemented(src: string): boolean {
  const name = parseCall(src).name;
  if (name in samplers) return true;
  const sig = SIGNATURES[name];
  return sig !== undefined && typeof (random as unknown as Record<string, unknown>)[sig[0]] === "function";
}
