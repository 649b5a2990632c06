// The layering of docs/design.md, checked on the import graph: the compiler
// (fusion, kernel IR, lowering, plans) is target-neutral and imports nothing
// from the backends; its modules form no cycle; code outside a backend
// reaches it only through the Backend contract (no instanceof checks or
// backend-name tests, no hooks installed by import side effects).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src");

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** The source files a module imports (relative specifiers only, resolved). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|^\s*import\s+"([^"]+)"/gm)].map((m) => m[1] ?? m[2]);
  return specs.filter((s) => s.startsWith(".")).map((s) => path.resolve(path.dirname(file), s));
}

const rel = (p: string) => path.relative(SRC, p);

test("src/compiler imports nothing from src/backend", () => {
  const offending = filesUnder(path.join(SRC, "compiler")).flatMap((f) =>
    importsOf(f)
      .filter((i) => rel(i).startsWith("backend" + path.sep))
      .map((i) => `${rel(f)} -> ${rel(i)}`),
  );
  assert.deepEqual(offending, []);
});

test("the compiler's modules import each other without cycles", () => {
  const files = filesUnder(path.join(SRC, "compiler"));
  const inCompiler = new Set(files);
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((i) => inCompiler.has(i))]));
  const state = new Map<string, "open" | "done">();
  const cycles: string[] = [];
  const visit = (f: string, stack: string[]): void => {
    if (state.get(f) === "done") return;
    if (state.get(f) === "open") {
      cycles.push([...stack.slice(stack.indexOf(f)), f].map(rel).join(" -> "));
      return;
    }
    state.set(f, "open");
    for (const g of graph.get(f)!) visit(g, [...stack, f]);
    state.set(f, "done");
  };
  for (const f of files) visit(f, []);
  assert.deepEqual(cycles, []);
});

test("outside a backend, backends are reached through the Backend contract only", () => {
  const outside = filesUnder(SRC).filter(
    (f) => !rel(f).startsWith(path.join("backend", "wasm")) && !rel(f).startsWith(path.join("backend", "js")),
  );
  const found: string[] = [];
  for (const f of outside) {
    const text = readFileSync(f, "utf8");
    for (const [what, re] of [
      ["instanceof a concrete backend", /instanceof\s+(WasmBackend|JsBackend)\b/],
      ["a backend-name test", /defaultBackend\(\)\s*[!=]==?\s*"/],
      ["a runner hook", /\bset(Concrete|Loop)Runner\b|\.runner\s*=/],
    ] as const)
      if (re.test(text)) found.push(`${rel(f)}: ${what}`);
  }
  assert.deepEqual(found, []);
});
