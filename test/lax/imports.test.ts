// The lax modules import what they need at the top and form no import cycle,
// so no module depends on the order in which the others finish evaluating.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

const laxDir = path.resolve(import.meta.dirname, "../../src/lax");

function laxFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? laxFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** Relative modules a file imports or re-exports at run time (`import type` is erased). */
function runtimeImports(file: string): string[] {
  const src = fs.readFileSync(file, "utf8");
  const from = [...src.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s+"(\.[^"]+)"/gms)];
  const bare = [...src.matchAll(/^import\s+"(\.[^"]+)"/gm)];
  const specs = [...from, ...bare].map((m) => m[1]);
  return specs.map((s) => path.resolve(path.dirname(file), s));
}

test("src/lax has no import cycles", () => {
  const files = laxFiles(laxDir);
  const graph = new Map(files.map((f) => [f, runtimeImports(f).filter((d) => files.includes(d))]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string): void => {
    if (state.get(f) === "done") return;
    if (state.get(f) === "open") {
      const cycle = [...stack.slice(stack.indexOf(f)), f].map((x) => path.relative(laxDir, x));
      assert.fail(`import cycle: ${cycle.join(" → ")}`);
    }
    state.set(f, "open");
    stack.push(f);
    for (const d of graph.get(f)!) visit(d);
    stack.pop();
    state.set(f, "done");
  };
  files.forEach(visit);
});

test("src/lax modules (control flow included) import only at the top", () => {
  for (const file of laxFiles(laxDir).map((f) => path.relative(laxDir, f))) {
    const lines = fs.readFileSync(path.join(laxDir, file), "utf8").split("\n");
    // The header: comments, blank lines and import / re-export statements (possibly multi-line).
    let i = 0;
    let inStatement = false;
    for (; i < lines.length; i++) {
      const l = lines[i].trim();
      if (inStatement) {
        if (/from\s+"[^"]+";$/.test(l)) inStatement = false;
        continue;
      }
      if (l === "" || l.startsWith("//")) continue;
      if (/^(import|export)\b.*\bfrom\s+"[^"]+";$/.test(l)) continue;
      if (/^(import|export) (type )?\{$/.test(l) || /^import\b/.test(l)) {
        inStatement = true;
        continue;
      }
      break;
    }
    const late = lines.slice(i).findIndex((l) => /^import\b/.test(l));
    assert.equal(late, -1, `${file}:${i + late + 1} imports after the module body began`);
  }
});
