// The webgpu backend against the wasm backend (webgpu_checks.ts): the same
// programs eagerly and under jit, compared element by element, each check in
// its own child process.
//
// Opt-in (JAXTS_WEBGPU_TESTS=1) while the backend is experimental: in Node,
// Dawn 0.6.2 on SwiftShader aborts inside the driver (std::system_error,
// corrupted pthread mutexes) in some processes that queue several dispatches
// before a read, a crash no assertion of ours is involved in (docs/design.md,
// "WebGPU backend"). A child killed by a signal is run again, up to three times.
//
// Needs a WebGPU adapter: in Node, Dawn (the optional `webgpu` package) with a
// Vulkan loader (libvulkan1) and SwiftShader's ICD from Debian's chromium.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const checks = fileURLToPath(new URL("./webgpu_checks.ts", import.meta.url));
const ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";

interface Line {
  adapter?: string | null;
  name?: string;
  ok?: boolean;
  message?: string;
}

function runChecks(only?: string): { lines: Line[]; signal: string | null; stderr: string } {
  const env = { ...process.env };
  if (!env.VK_ICD_FILENAMES && existsSync(ICD)) env.VK_ICD_FILENAMES = ICD;
  const args = ["--conditions=source", "--import", "tsx", checks, ...(only === undefined ? [] : [only])];
  const r = spawnSync(process.execPath, args, { env, encoding: "utf8", timeout: 240_000 });
  const lines = r.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Line);
  return { lines, signal: r.signal, stderr: r.stderr };
}

const enabled = process.env.JAXTS_WEBGPU_TESTS === "1";
const names = enabled ? runChecks("--list").lines.map((l) => l.name!) : [];

for (const name of names) {
  test(`webgpu: ${name}`, () => {
    let report = runChecks(name);
    for (let attempt = 1; attempt < 3 && report.signal !== null; attempt++) report = runChecks(name);
    assert.equal(report.signal, null, `the check's process died of ${report.signal} three times:\n${report.stderr.slice(-2000)}`);
    assert.ok(
      report.lines[0]?.adapter,
      `no WebGPU adapter (install libvulkan1 and chromium, or set VK_ICD_FILENAMES):\n${report.stderr.slice(-2000)}`,
    );
    const line = report.lines.find((l) => l.name === name);
    assert.ok(line, "the check did not report");
    assert.ok(line.ok, line.message);
  });
}
test("webgpu checks are opt-in (JAXTS_WEBGPU_TESTS=1)", { skip: enabled ? "enabled" : "set JAXTS_WEBGPU_TESTS=1 to run them" }, () => {});
