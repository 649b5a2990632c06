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

for (const backend of ["js", "wasm"]) {
  test(`reading a 4 MB array again and again touches few fresh pages (${backend})`, {
    skip: process.platform !== "linux" || process.env.JAXTS_BACKEND === "js",
  }, () => {
    const child = path.join(import.meta.dirname, "host_allocator_child.ts");
    const env = { ...process.env, JAXTS_BACKEND: backend };
    const out = execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", child], { encoding: "utf8", env });
    const { faultsPerRead } = JSON.parse(out) as { faultsPerRead: number };
    // Fresh memory for every copy is ~977 pages of 4 KiB (measured on js: 1020 per read without the priming, 48 with it).
    assert.ok(faultsPerRead < 250, `${faultsPerRead.toFixed(0)} page faults per 4 MB read`);
  });
}
