// The playground page: runs the seed notebook port in the browser (its printed
// values, its timings, its figure drawn live) and a small editor for jaxts code.
import * as jax from "jaxts";
import { drawRunningStats } from "../examples/notebook/figure.ts";
import { runNotebook } from "../examples/notebook/run.ts";
import { formatParts } from "./format.ts";

interface PlaygroundState {
  done: boolean;
  notebook: string[];
  timings: string[];
  error: string | null;
}
const state: PlaygroundState = { done: false, notebook: [], timings: [], error: null };
(globalThis as unknown as { __playground: PlaygroundState }).__playground = state;

const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function appender(id: string, lines: string[]) {
  return (...parts: unknown[]) => {
    const text = formatParts(parts);
    lines.push(...text.split("\n"));
    el(id).textContent += `${text}\n`;
  };
}

/** Errors as a user should see them: the class and message, never a blank page. */
function describeError(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : `Error: ${String(e)}`;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
const SCOPE = ["jax", "jnp", "lax", "random", "nn", "tree", "scipy", "jit", "grad", "valueAndGrad", "vmap", "jvp", "vjp", "scan", "print"];

async function runUserCode(): Promise<void> {
  const out = el("user-out");
  const error = el("error");
  out.textContent = "";
  error.textContent = "";
  const print = (...parts: unknown[]) => {
    out.textContent += `${formatParts(parts)}\n`;
  };
  try {
    const fn = new AsyncFunction(...SCOPE, el<HTMLTextAreaElement>("code").value);
    const { jnp, lax, random, nn, tree, scipy, jit, grad, valueAndGrad, vmap, jvp, vjp } = jax;
    await fn(jax, jnp, lax, random, nn, tree, scipy, jit, grad, valueAndGrad, vmap, jvp, vjp, lax.scan, print);
  } catch (e) {
    error.textContent = describeError(e);
  }
}

async function main(): Promise<void> {
  const info = jax.threadInfo();
  el("status").textContent = `jaxts on the '${jax.defaultBackend()}' backend, ${info.threads} thread${info.threads === 1 ? "" : "s"}${info.reason ? ` (${info.reason})` : ""}.`;
  el("run").addEventListener("click", () => void runUserCode());
  el("code").addEventListener("keydown", (ev) => {
    if ((ev as KeyboardEvent).key === "Enter" && ((ev as KeyboardEvent).ctrlKey || (ev as KeyboardEvent).metaKey)) void runUserCode();
  });
  try {
    const [mean, variance] = await runNotebook({ print: appender("notebook", state.notebook), timing: appender("timings", state.timings) });
    await drawRunningStats(mean, variance, "#figure");
  } catch (e) {
    state.error = describeError(e);
    el("error").textContent = state.error;
  }
  state.done = true;
}

void main();
