// The webgpu backend in a page (part of `npm run test:browser`): headless
// Chromium with --enable-unsafe-webgpu (SwiftShader's adapter on machines
// without a GPU) loads the bundle, runs webgpu_checks.ts (initWebGpu, a jitted
// elementwise chain, a matmul, reductions, a GEMM epilogue, float16, a scan,
// a while loop, linalg, FFT and special functions) and compares each with wasm
// in the same page. Without an adapter the checks are skipped,
// unless JAXTS_REQUIRE_WEBGPU=1 (CI), where that fails. Chromium as
// chromium.suite.ts finds it (JAXTS_CHROMIUM, JAXTS_SKIP_BROWSER).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { ensureBundle } from "../../scripts/ensure_bundle.ts";
import type { WebGpuReport } from "./webgpu_checks.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const executable = process.env.JAXTS_CHROMIUM || CANDIDATES.find((p) => existsSync(p));
const required = process.env.JAXTS_REQUIRE_WEBGPU === "1";
const noBrowser = !executable && process.env.JAXTS_SKIP_BROWSER === "1";

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>jaxts webgpu checks</title>
<script type="importmap">{ "imports": { "jaxts": "/dist/index.js" } }</script>
<script type="module">
  try {
    const jax = await import("jaxts");
    const { runWebGpuChecks } = await import("/webgpu_checks.js");
    window.__report = await runWebGpuChecks(jax);
  } catch (e) {
    window.__error = String((e && e.stack) || e);
  }
</script>
`;

let server: Server | undefined;
let browser: Browser | undefined;
let report: WebGpuReport | undefined;
let log: string[] = [];

before(async () => {
  if (noBrowser) return;
  assert.ok(
    executable && existsSync(executable),
    `no Chromium at ${executable ?? CANDIDATES.join(", ")}: install Debian's (apt-get install -y chromium), set JAXTS_CHROMIUM, or JAXTS_SKIP_BROWSER=1`,
  );
  const bundle = ensureBundle();
  const checks = (
    await transform(readFileSync(join(root, "test", "browser", "webgpu_checks.ts"), "utf8"), {
      loader: "ts",
      format: "esm",
      target: "es2022",
    })
  ).code;
  const files: Record<string, [string, () => string | Buffer]> = {
    "/": ["text/html", () => PAGE],
    "/dist/index.js": ["text/javascript", () => readFileSync(bundle)],
    "/webgpu_checks.js": ["text/javascript", () => checks],
  };
  server = createServer((req, res) => {
    const file = files[new URL(req.url ?? "/", "http://x").pathname];
    if (!file) res.writeHead(404).end("not found");
    else res.writeHead(200, { "Content-Type": `${file[0]}; charset=utf-8`, "Cache-Control": "no-store" }).end(file[1]());
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: executable,
    headless: true,
    args: ["--disable-dev-shm-usage", "--enable-unsafe-webgpu"],
  });
  const page = await browser.newPage();
  log = [];
  page.on("console", (m) => log.push(`[console.${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => log.push(`[pageerror] ${e.stack ?? e.message}`));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => "__report" in globalThis || "__error" in globalThis, undefined, { timeout: 120_000, polling: 100 });
  const { r, error } = await page.evaluate(() => {
    const w = globalThis as { __report?: WebGpuReport; __error?: string };
    return { r: w.__report, error: w.__error };
  });
  assert.ok(r && error === undefined, `the page threw: ${error}\n--- console ---\n${log.join("\n")}`);
  report = r;
});

after(async () => {
  await browser?.close();
  server?.close();
});

const NAMES = [
  "jit of an elementwise chain",
  "matmul",
  "reductions",
  "GEMM with a fused epilogue",
  "float16 chain, sum and matmul",
  "scan",
  "whileLoop",
  "linalg",
  "fft and special functions",
];

test("webgpu in Chromium: an adapter is found", { skip: noBrowser ? "no Chromium (JAXTS_SKIP_BROWSER=1)" : false }, (t) => {
  if (!report?.adapter && !required) {
    t.skip(
      "Chromium gave no WebGPU adapter (--enable-unsafe-webgpu; SwiftShader needs libvulkan1); JAXTS_REQUIRE_WEBGPU=1 makes this fail",
    );
    return;
  }
  assert.ok(report?.adapter, `Chromium gave no WebGPU adapter\n--- console ---\n${log.join("\n")}`);
});

for (const name of NAMES) {
  test(`webgpu in Chromium: ${name} matches wasm`, { skip: noBrowser ? "no Chromium" : false }, (t) => {
    if (!report?.adapter) {
      t.skip("no WebGPU adapter in Chromium");
      return;
    }
    const r = report.results.find((x) => x.name === name);
    assert.ok(r, `the page ran no check named ${name}`);
    assert.ok(r.ok, r.message);
  });
}
