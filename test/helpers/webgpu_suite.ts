// Runs a WebGPU check file (test/backend/webgpu*_checks.ts) in one child
// process (Dawn's threads and its instance stay out of the test runner's
// process) and makes one test per check from the lines it reports.
//
// Needs a WebGPU adapter: in Node, Dawn (the optional `webgpu` package) with a
// Vulkan loader (libvulkan1) and SwiftShader's ICD from Debian's chromium
// (.ci/run installs both). Without one the checks are skipped, unless
// JAXTS_REQUIRE_WEBGPU=1 (CI), where a missing adapter fails. The checks
// compare with the default backend; they run in npm test's wasm pass only
// (under JAXTS_BACKEND=js they would repeat the same GPU work, the costly
// part on SwiftShader).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";

interface Line {
  adapter?: string | null;
  name?: string;
  ok?: boolean;
  message?: string;
}

function runChecks(checks: string, only?: string): { lines: Line[]; status: number | null; signal: string | null; stderr: string } {
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

/** One test per check of `checksUrl` (a URL of a checks file), named `${label}: ${check}`. */
export function webgpuSuite(label: string, checksUrl: URL): void {
  if (process.env.JAXTS_BACKEND === "js") {
    test(`${label}: run in the wasm pass`, {
      skip: "the WebGPU checks compare with the default backend; npm test runs them in its wasm pass",
    }, () => {});
    return;
  }
  const checks = fileURLToPath(checksUrl);
  const names = runChecks(checks, "--list").lines.map((l) => l.name!);
  const report = runChecks(checks);
  const adapter = report.lines[0]?.adapter ?? null;
  const required = process.env.JAXTS_REQUIRE_WEBGPU === "1";
  const died = report.signal !== null || report.status !== 0;

  test(`${label}: an adapter is found`, { skip: adapter || required ? false : "no WebGPU adapter (Dawn, libvulkan1, SwiftShader)" }, () => {
    assert.ok(adapter, `no WebGPU adapter (install libvulkan1 and chromium, or set VK_ICD_FILENAMES):\n${report.stderr.slice(-2000)}`);
  });

  for (const name of names) {
    test(`${label}: ${name}`, { skip: adapter ? false : "no WebGPU adapter" }, () => {
      const line = report.lines.find((l) => l.name === name);
      assert.ok(
        line,
        `the check did not report (the checks' process ${died ? `ended with ${report.signal ?? `status ${report.status}`}` : "ran"}):\n${report.stderr.slice(-2000)}`,
      );
      assert.ok(line.ok, line.message);
    });
  }
}
