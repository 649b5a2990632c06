// The webgpu backend's FFT, complex64 storage and special-function kernels
// against the default backend (webgpu_fft_special_checks.ts), run in one
// child process as webgpu.test.ts runs its checks; skipped without an
// adapter unless JAXTS_REQUIRE_WEBGPU=1.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const checks = fileURLToPath(new URL("./webgpu_fft_special_checks.ts", import.meta.url));
const ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";

interface Line {
  adapter?: string | null;
  name?: string;
  ok?: boolean;
  message?: string;
}

function runChecks(only?: string): { lines: Line[]; status: number | null; signal: string | null; stderr: string } {
  const env = { ...process.env };
  if (!env.VK_ICD_FILENAMES && existsSync(ICD)) env.VK_ICD_FILENAMES = ICD;
  const args = ["--conditions=source", "--import", "tsx", checks, ...(only === undefined ? [] : [only])];
  const r = spawnSync(process.execPath, args, { env, encoding: "utf8", timeout: 240_000 });
  const lines = (r.stdout ?? "")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Line);
  return { lines, status: r.status, signal: r.signal, stderr: r.stderr ?? "" };
}

const names = runChecks("--list").lines.map((l) => l.name!);
const report = runChecks();
const adapter = report.lines[0]?.adapter ?? null;
const required = process.env.JAXTS_REQUIRE_WEBGPU === "1";
const died = report.signal !== null || report.status !== 0;

test("webgpu fft/special: an adapter is found", {
  skip: adapter || required ? false : "no WebGPU adapter (Dawn, libvulkan1, SwiftShader)",
}, () => {
  assert.ok(adapter, `no WebGPU adapter (install libvulkan1 and chromium, or set VK_ICD_FILENAMES):\n${report.stderr.slice(-2000)}`);
});

for (const name of names) {
  test(`webgpu fft/special: ${name}`, { skip: adapter ? false : "no WebGPU adapter" }, () => {
    const line = report.lines.find((l) => l.name === name);
    assert.ok(
      line,
      `the check did not report (the checks' process ${died ? `ended with ${report.signal ?? `status ${report.status}`}` : "ran"}):\n${report.stderr.slice(-2000)}`,
    );
    assert.ok(line.ok, line.message);
  });
}
