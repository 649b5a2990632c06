// npm run bench -- --browser: jaxts wasm (outputs dropped, as the jaxts-wasm
// library) on W1, W2 and W5, W6 in headless Chromium next to Node, with the
// same harness (cases.ts, bundled into the page with esbuild), and the
// bundle's startup cost: import time in the page and in Node, size raw,
// minified and gzipped.
//
// The page is served from 127.0.0.1 with COOP/COEP (cross-origin isolated, so
// the wasm backend runs on Web Workers) and loads the built dist/index.js
// through an import map, as the browser suite does. Both sides get the same
// thread count: JAXTS_THREADS in Node, globalThis.JAXTS_THREADS in the page
// (default: the count Node picks here, threadInfo().threads).
// Options: --only W1,W2-256   --threads n   --import-runs n (default 7)
// Chromium: $JAXTS_CHROMIUM, else /usr/bin/chromium.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build, transform } from "esbuild";
import { chromium } from "playwright-core";
import type { PageResult } from "./browser_page.ts";
import type { CaseResult } from "./harness.ts";
import type { LibResult } from "./worker.ts";
import { WORKLOADS } from "./workloads.ts";
import { ensureBundle } from "../scripts/ensure_bundle.ts";

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);
const bundle = path.join(repoRoot, "dist", "index.js");

/** The workloads of the browser bench (issue 14: W1, W2, W5, W6). */
export const BROWSER_WORKLOADS = ["W1", "W2-256", "W2-512", "W2-1024", "W5", "W6"];
/** The aim: the page within this factor of Node. */
const AIM = 1.3;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>jaxts browser bench</title>
<script type="importmap">{ "imports": { "jaxts": "/dist/index.js" } }</script>
<script type="module">
  try {
    const params = new URLSearchParams(location.search);
    if (params.has("threads")) globalThis.JAXTS_THREADS = params.get("threads");
    const t0 = performance.now();
    await import("jaxts");
    const importMs = performance.now() - t0;
    if (params.has("only")) {
      const { runBench } = await import("/bench.js");
      window.__result = { importMs, ...(await runBench(params.get("only").split(","))) };
    } else window.__result = { importMs };
  } catch (e) {
    window.__error = String((e && e.stack) || e);
  }
</script>
`;

const HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cache-Control": "no-store",
};

/** Node's import of the bundle, in fresh processes: ms from import() to the module evaluated. */
function nodeImportMs(runs: number): number[] {
  const url = pathToFileURL(bundle).href;
  const code = `const t0 = performance.now(); await import(${JSON.stringify(url)}); process.stdout.write(String(performance.now() - t0));`;
  return Array.from({ length: runs }, () =>
    Number(execFileSync(process.execPath, ["--input-type=module", "-e", code], { env: { ...process.env, NODE_OPTIONS: "" } })),
  );
}

interface Sizes {
  raw: number;
  rawGzip: number;
  min: number;
  minGzip: number;
}
async function bundleSizes(): Promise<Sizes> {
  const raw = readFileSync(bundle);
  const min = Buffer.from((await transform(raw.toString("utf8"), { minify: true, format: "esm", target: "es2022" })).code);
  const gz = (b: Buffer) => gzipSync(b, { level: 9 }).length;
  return { raw: raw.length, rawGzip: gz(raw), min: min.length, minGzip: gz(min) };
}

/** Node's side: the jaxts-wasm worker of `npm run bench`, in its own process. */
function runNode(only: string[], threads: number, flags: string[]): LibResult {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "jaxts-bench-"));
  const out = path.join(tmp, "node.json");
  try {
    const r = spawnSync(
      process.execPath,
      [...flags, "--import", "tsx", path.join(benchDir, "worker.ts"), "jaxts-wasm", out, only.join(",")],
      {
        cwd: repoRoot,
        stdio: ["ignore", "inherit", "inherit"],
        env: { ...process.env, JAXTS_THREADS: String(threads), JAXTS_BACKEND: "" },
        timeout: 300_000,
      },
    );
    if (r.status !== 0) process.stderr.write(`  (the Node worker exited with ${r.status ?? r.signal})\n`);
    return JSON.parse(readFileSync(out, "utf8")) as LibResult;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const ms = (r: CaseResult | undefined) => r?.medianMs;
const fmt = (v: number | undefined) => (v === undefined ? "–" : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const cell = (r: CaseResult | undefined) =>
  !r ? "–" : r.status !== "ok" ? r.status + (r.note ? ` (${r.note})` : "") : `${fmt(r.medianMs)} (${fmt(r.minMs)})`;

export async function runBrowserBench(): Promise<void> {
  const only = option("--only")?.split(",") ?? BROWSER_WORKLOADS;
  for (const id of only)
    if (!BROWSER_WORKLOADS.includes(id)) throw new Error(`--browser runs ${BROWSER_WORKLOADS.join(", ")}; unknown '${id}'`);
  const importRuns = Number(option("--import-runs") ?? 7);
  const executable = process.env.JAXTS_CHROMIUM || ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
  if (!executable || !existsSync(executable))
    throw new Error("no Chromium: install Debian's (apt-get install -y chromium) or set JAXTS_CHROMIUM=/path/to/chrome");

  ensureBundle(true);
  // The page's bench: this directory's harness and workloads, jaxts's source imports pointed at the page's "jaxts".
  const pageJs = (
    await build({
      entryPoints: [path.join(benchDir, "browser_page.ts")],
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      target: "es2022",
      logLevel: "warning",
      plugins: [
        {
          name: "jaxts-from-the-page",
          setup(b) {
            b.onResolve({ filter: /\/src\/index\.ts$/ }, () => ({ path: "jaxts", external: true }));
          },
        },
      ],
    })
  ).outputFiles[0]!.text;

  const threads = Number(
    option("--threads") ??
      execFileSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const j = await import(${JSON.stringify(pathToFileURL(bundle).href)}); process.stdout.write(String(j.threadInfo().threads)); process.exit(0);`,
        ],
        { env: { ...process.env, NODE_OPTIONS: "" } },
      ).toString(),
  );

  const files: Record<string, [string, string | Buffer]> = {
    "/": ["text/html", PAGE],
    "/dist/index.js": ["text/javascript", readFileSync(bundle)],
    "/bench.js": ["text/javascript", pageJs],
    "/favicon.ico": ["image/x-icon", ""],
  };
  const server = createServer((req, res) => {
    const file = files[new URL(req.url ?? "/", "http://x").pathname];
    if (!file) res.writeHead(404, HEADERS).end("not found");
    else res.writeHead(200, { ...HEADERS, "Content-Type": `${file[0]}; charset=utf-8` }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: executable, headless: true, args: ["--disable-dev-shm-usage"] });

  /** One fresh page (its own context: no cache, no code cache) until it reports. */
  async function page(query: Record<string, string>): Promise<{ importMs: number } & Partial<PageResult>> {
    const context = await browser.newContext();
    const p = await context.newPage();
    const logs: string[] = [];
    p.on("console", (m) => {
      logs.push(m.text());
      if (query.only) process.stderr.write(`${m.text()}\n`);
    });
    p.on("pageerror", (e) => logs.push(`[pageerror] ${e.stack ?? e.message}`));
    try {
      await p.goto(`${origin}/?${new URLSearchParams(query)}`);
      await p.waitForFunction(
        () => {
          const w = globalThis as { __result?: unknown; __error?: unknown };
          return w.__result !== undefined || w.__error !== undefined;
        },
        undefined,
        { timeout: 300_000, polling: 200 },
      );
      const { result, error } = await p.evaluate(() => {
        const w = globalThis as { __result?: unknown; __error?: string };
        return { result: w.__result, error: w.__error };
      });
      if (error !== undefined) throw new Error(`the page threw: ${error}\n--- its console ---\n${logs.join("\n")}`);
      return result as { importMs: number } & Partial<PageResult>;
    } finally {
      await context.close();
    }
  }

  const load0 = os.loadavg()[0];
  const started = performance.now();
  try {
    process.stderr.write(`Node, ${threads} thread(s)\n`);
    const node = runNode(only, threads, []);
    process.stderr.write(`Node with --experimental-wasm-relaxed-simd (Chromium's wasm features)\n`);
    const nodeRelaxed = runNode(only, threads, ["--experimental-wasm-relaxed-simd"]);
    process.stderr.write(`Chromium ${browser.version()}, ${threads} thread(s)\n`);
    const chrome = await page({ threads: String(threads), only: only.join(",") });
    if (!chrome.available) throw new Error(`jaxts wasm is not available in the page: ${chrome.describe}`);
    const [before] = chrome.threads!;
    if (before.threads !== threads || (threads > 1 && before.host !== "web-workers"))
      throw new Error(`the page runs ${JSON.stringify(before)}, not ${threads} threads on Web Workers`);

    process.stderr.write(`import cost, ${importRuns} fresh pages and ${importRuns} fresh Node processes\n`);
    const pageImports: number[] = [];
    for (let i = 0; i < importRuns; i++) pageImports.push((await page({ threads: String(threads) })).importMs);
    const nodeImports = nodeImportMs(importRuns);
    const sizes = await bundleSizes();
    const load1 = os.loadavg()[0];

    const cpus = os.cpus();
    const machine = `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.arch()}`;
    const lines: string[] = [];
    lines.push(
      `jaxts wasm, outputs dropped, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; ${machine}; Node ${process.versions.node}, Chromium ${browser.version()} (headless, cross-origin isolated page on 127.0.0.1); ${threads} thread(s) on both sides (Node: ${node.describe}; page: ${chrome.describe}, Web Workers ready after ${chrome.workersReadyMs?.toFixed(0) ?? "–"} ms, ${chrome.threads![1].workerChunks - before.workerChunks} worker chunks while timed); load average ${load0.toFixed(1)} → ${load1.toFixed(1)}; ${((performance.now() - started) / 1000).toFixed(0)} s.`,
      "",
      "Cells: median (min) ms. Both sides have relaxed SIMD (Chromium ships it; jaxts turns on Node 20's --experimental-wasm-relaxed-simd itself, and the last columns pass the flag on the command line too), so the math kernels fuse alike and the GEMM (never fused) computes the same bits.",
      "",
      `| Workload | Node | Chromium | Chromium ÷ Node | within ${AIM}× | Node, relaxed SIMD | Chromium ÷ Node relaxed |`,
      "| --- | ---: | ---: | ---: | :---: | ---: | ---: |",
    );
    for (const id of only) {
      const w = WORKLOADS.find((w) => w.id === id)!;
      const [n, c, r] = [node.cases[id], chrome.cases?.[id], nodeRelaxed.cases[id]];
      const ratio = ms(c) !== undefined && ms(n) !== undefined ? ms(c)! / ms(n)! : undefined;
      const ratioR = ms(c) !== undefined && ms(r) !== undefined ? ms(c)! / ms(r)! : undefined;
      lines.push(
        `| ${w.title} | ${cell(n)} | ${cell(c)} | ${ratio === undefined ? "–" : ratio.toFixed(2) + "×"} | ${ratio === undefined ? "–" : ratio <= AIM ? "✓" : "✗"} | ${cell(r)} | ${ratioR === undefined ? "–" : ratioR.toFixed(2) + "×"} |`,
      );
    }
    const range = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
    const kb = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
    lines.push(
      "",
      `Startup: importing dist/index.js takes ${range(pageImports)} in a fresh page and ${range(nodeImports)} in a fresh Node process (${importRuns} each; performance.now() from import() to the module evaluated). Bundle: ${kb(sizes.raw)} raw (${kb(sizes.rawGzip)} gzipped), ${kb(sizes.min)} minified with esbuild --minify (${kb(sizes.minGzip)} gzipped; gzip -9).`,
      "",
    );
    const md = lines.join("\n");
    process.stdout.write("\n" + md);
    if (!option("--only")) {
      const dir = path.join(benchDir, "results");
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        path.join(dir, "browser.json"),
        JSON.stringify({ threads, node, nodeRelaxed, chromium: chrome, pageImports, nodeImports, sizes }, null, 2) + "\n",
      );
      writeFileSync(path.join(dir, "browser.md"), md);
      process.stderr.write("\nwrote bench/results/browser.json and bench/results/browser.md\n");
    }
  } finally {
    await browser.close();
    server.close();
  }
}
