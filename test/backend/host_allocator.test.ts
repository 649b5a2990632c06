// Large reads reuse host memory (backend/host_allocator.ts): once the
// allocator is primed, a 4 MB copy dropped and collected leaves memory the
// next copy reuses, where glibc would otherwise give it back to the system
// and the next copy would touch ~1000 fresh pages. Linux only (glibc's
// thresholds; other allocators ignore the priming). Both backends are run
// from the wasm pass of npm test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";

// Page faults per read without the priming, with it (measured): js 1020, 48; wasm 32, 0.02.
const BOUND: Record<string, number> = { js: 250, wasm: 8 };
for (const backend of ["js", "wasm"]) {
  test(`reading a 4 MB array again and again touches few fresh pages (${backend})`, {
    skip: process.platform !== "linux" || process.env.JAXTS_BACKEND === "js",
  }, () => {
    const child = path.join(import.meta.dirname, "host_allocator_child.ts");
    const env = { ...process.env, JAXTS_BACKEND: backend };
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", child], { encoding: "utf8", env });
    const { faultsPerRead } = JSON.parse(out) as { faultsPerRead: number };
    assert.ok(faultsPerRead < BOUND[backend], `${faultsPerRead.toFixed(1)} page faults per 4 MB read`);
  });
}
