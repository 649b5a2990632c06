// The browser suite (`npm run test:browser`, part of `npm test`): the built
// bundle (dist/index.js) in a real browser, headless Chromium driven by
// playwright-core (the system's Chromium, never a downloaded one), served
// from 127.0.0.1 with the COOP/COEP headers that make the page
// cross-origin isolated. The page runs the checks of checks.ts and Node runs
// the very same file against the same bundle; every result must agree bit for
// bit, but matmul-based ones (checks.ts's `tol`), compared within
// MATMUL_TOLERANCE. A page that fails to load or throws fails the suite with
// the page's console output.
//
// Chromium: $JAXTS_CHROMIUM, else /usr/bin/chromium (Debian's package; `.ci/run`
// installs it). Missing, the suite fails and says how to install it;
// JAXTS_SKIP_BROWSER=1 turns that into a skip, for machines without one.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { transform } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { ensureBundle } from "../../scripts/ensure_bundle.ts";
import { CHECKS, type Encoded, type EncodedArray, MATMUL_TOLERANCE, type Report } from "./checks.ts";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const executable = process.env.JAXTS_CHROMIUM || CANDIDATES.find((p) => existsSync(p));
const skip =
  !executable && process.env.JAXTS_SKIP_BROWSER === "1"
    ? "no Chromium (JAXTS_SKIP_BROWSER=1): install one (apt-get install -y chromium) or set JAXTS_CHROMIUM"
    : false;

/** The page: loads the bundle through an import map, as the README shows, and runs the checks module named by ?checks=. */
const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>jaxts browser checks</title>
<script type="importmap">{ "imports": { "jaxts": "/dist/index.js" } }</script>
<script type="module">
  try {
    const params = new URLSearchParams(location.search);
    const checks = params.get("checks") ?? "/checks.js";
    // ?threads=n: the wasm backend's thread count (set before jaxts loads).
    if (params.has("threads")) globalThis.JAXTS_THREADS = params.get("threads");
    const t0 = performance.now();
    const jax = await import("jaxts");
    const t1 = performance.now();
    const { runChecks } = await import(checks);
    // ?warm: wait (yielding to the event loop) until the Web Workers have started and run a chunk.
    if (params.has("warm") && jax.threadInfo().threads > 1) {
      const x = jax.jnp.array(new Float32Array(1 << 18).fill(0.5));
      while (jax.threadInfo().workerChunks === 0 && performance.now() - t1 < 20000) {
        // blockUntilReady computes it: a deferred result nobody asks for never runs.
        const y = await jax.jnp.exp(x).blockUntilReady();
        y.dispose();
        await new Promise((r) => setTimeout(r, 5));
      }
      console.log("workers ran a first chunk after " + (performance.now() - t1).toFixed(0) + " ms");
    }
    const warmChunks = jax.threadInfo().workerChunks;
    window.__report = { ...runChecks(jax), warmChunks };
    console.log("import " + (t1 - t0).toFixed(0) + " ms, checks " + (performance.now() - t1).toFixed(0) + " ms");
  } catch (e) {
    window.__error = String((e && e.stack) || e);
  }
</script>
`;

/** A checks module that logs and throws: the suite must fail on it, with the log in its report. */
const THROWING = `console.log("the throwing module logs this first");
throw new Error("thrown by the page on purpose");
`;

const HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cache-Control": "no-store",
};

let server: Server | undefined;
let origin = "";
let browser: Browser | undefined;
let tmp = "";
let checksJs = "";

before(async () => {
  if (skip) return;
  assert.ok(
    executable && existsSync(executable),
    `no Chromium at ${executable ?? CANDIDATES.join(", ")}: install Debian's (apt-get install -y chromium; .ci/run does), set JAXTS_CHROMIUM=/path/to/chrome, or set JAXTS_SKIP_BROWSER=1 to skip the browser suite`,
  );
  // `npm test` builds before testing; build here too when dist is missing or older than src.
  const bundle = ensureBundle();
  checksJs = (
    await transform(readFileSync(join(root, "test", "browser", "checks.ts"), "utf8"), { loader: "ts", format: "esm", target: "es2022" })
  ).code;
  tmp = mkdtempSync(join(tmpdir(), "jaxts-browser-"));
  writeFileSync(join(tmp, "checks.js"), checksJs);

  const files: Record<string, () => [string, string | Buffer]> = {
    "/": () => ["text/html", PAGE],
    "/plain": () => ["text/html", PAGE], // served without COOP/COEP: not cross-origin isolated
    "/dist/index.js": () => ["text/javascript", readFileSync(bundle)],
    "/checks.js": () => ["text/javascript", checksJs],
    "/throwing.js": () => ["text/javascript", THROWING],
    "/favicon.ico": () => ["image/x-icon", ""],
  };
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const file = files[path];
    if (!file) {
      res.writeHead(404, HEADERS).end("not found");
      return;
    }
    const [type, body] = file();
    const isolation = path === "/plain" ? { "Cache-Control": "no-store" } : HEADERS;
    res.writeHead(200, { ...isolation, "Content-Type": `${type}; charset=utf-8` }).end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: executable, headless: true, args: ["--disable-dev-shm-usage"] });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

interface PageOptions {
  /** The checks module the page imports. */
  checks?: string;
  /** The wasm backend's thread count (globalThis.JAXTS_THREADS). */
  threads?: number;
  /** Wait until the Web Workers have run a chunk before the checks. */
  warm?: boolean;
  /** Serve the page without COOP/COEP headers. */
  plain?: boolean;
}

/** Loads the page and returns its report; throws with the page's console when it fails. */
async function runPage(opts: PageOptions = {}): Promise<{ report: Report; console: string[] }> {
  const query = new URLSearchParams({ checks: opts.checks ?? "/checks.js" });
  if (opts.threads !== undefined) query.set("threads", String(opts.threads));
  if (opts.warm) query.set("warm", "");
  const page = await browser!.newPage();
  const log: string[] = [];
  let crashed: Error | undefined;
  page.on("console", (m) => log.push(`[console.${m.type()}] ${m.text()}`));
  page.on("pageerror", (e) => log.push(`[pageerror] ${e.stack ?? e.message}`));
  page.on("requestfailed", (r) => log.push(`[requestfailed] ${r.url()}: ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) log.push(`[http ${r.status()}] ${r.url()}`);
  });
  page.on("crash", () => {
    crashed = new Error("the page crashed");
  });
  const fail = (why: string) => new Error(`${why}\n--- the page's console ---\n${log.join("\n") || "(empty)"}`);
  try {
    await page.goto(`${origin}/${opts.plain ? "plain" : ""}?${query}`);
    await page
      .waitForFunction(
        () => {
          const w = globalThis as { __report?: unknown; __error?: unknown };
          return w.__report !== undefined || w.__error !== undefined;
        },
        undefined,
        { timeout: 120_000, polling: 100 },
      )
      .catch((e: Error) => {
        throw fail(`the page never finished: ${crashed?.message ?? e.message}`);
      });
    const { report, error } = await page.evaluate(() => {
      const w = globalThis as { __report?: unknown; __error?: string };
      return { report: w.__report as Report | undefined, error: w.__error };
    });
    if (error !== undefined || !report) throw fail(`the page threw: ${error}`);
    return { report, console: log };
  } finally {
    await page.close();
  }
}

/** The same checks module run by Node against the same bundle, in a child process (no tsx, no source condition). */
async function runNode(relaxedSimd: boolean): Promise<Report> {
  const main = join(tmp, "node_side.mjs");
  writeFileSync(
    main,
    `import * as jax from ${JSON.stringify(pathToFileURL(join(root, "dist", "index.js")).href)};
import { runChecks } from "./checks.js";
process.stdout.write(JSON.stringify(runChecks(jax)));
`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: "" };
  delete env.JAXTS_BACKEND;
  delete env.JAXTS_THREADS;
  // Node 20 has relaxed SIMD behind a flag (jaxts sets it itself; passed here too): the math kernels' fused multiply-adds need the same features on both sides.
  const flags = relaxedSimd ? ["--experimental-wasm-relaxed-simd"] : [];
  const { stdout } = await run(process.execPath, [...flags, main], { cwd: tmp, env, maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as Report;
}

const isArray = (v: unknown): v is EncodedArray => typeof v === "object" && v !== null && "hex" in v && "dtype" in v;

function float32s(hex: string): Float32Array {
  const b = Buffer.from(hex, "hex");
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/**
 * The differences between the page's result and Node's (empty when they agree):
 * arrays bit for bit, or with `tol` float32 values within MATMUL_TOLERANCE.
 * `stats` counts the elements compared within tolerance and those bit-identical.
 */
export function differences(at: string, page: Encoded, node: Encoded, tol: boolean, stats = { tol: 0, identical: 0 }): string[] {
  if (isArray(page) && isArray(node)) {
    if (page.dtype !== node.dtype || String(page.shape) !== String(node.shape))
      return [`${at}: page ${page.dtype}[${page.shape}], node ${node.dtype}[${node.shape}]`];
    if (page.hex === node.hex) {
      if (tol) stats.tol += page.hex.length / 8;
      if (tol) stats.identical += page.hex.length / 8;
      return [];
    }
    if (!tol || page.dtype !== "float32") return [`${at}: ${page.dtype}[${page.shape}] differs bit for bit${firstDiff(page, node)}`];
    const p = float32s(page.hex);
    const n = float32s(node.hex);
    const { rtol } = MATMUL_TOLERANCE;
    let scale = 0;
    for (const v of n) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < p.length; i++) {
      stats.tol++;
      if (Object.is(p[i], n[i])) stats.identical++;
      else if (!(Math.abs(p[i]! - n[i]!) <= rtol * scale))
        return [`${at}: element ${i} is ${p[i]} in the page and ${n[i]} in node, beyond ${rtol} · max|node| = ${rtol * scale}`];
    }
    return [];
  }
  if (Array.isArray(page) && Array.isArray(node) && page.length === node.length)
    return page.flatMap((p, i) => differences(`${at}[${i}]`, p, node[i]!, tol, stats));
  if (
    page &&
    node &&
    typeof page === "object" &&
    typeof node === "object" &&
    !Array.isArray(page) &&
    !Array.isArray(node) &&
    !isArray(page) &&
    !isArray(node)
  ) {
    const keys = Object.keys(page);
    if (String(keys) === String(Object.keys(node)))
      return keys.flatMap((k) =>
        differences(`${at}.${k}`, (page as Record<string, Encoded>)[k]!, (node as Record<string, Encoded>)[k]!, tol, stats),
      );
  }
  return JSON.stringify(page) === JSON.stringify(node)
    ? []
    : [`${at}: page ${JSON.stringify(page).slice(0, 400)}, node ${JSON.stringify(node).slice(0, 400)}`];
}

function firstDiff(page: EncodedArray, node: EncodedArray): string {
  const width = { float64: 16, int64: 16, uint64: 16, float32: 8, int32: 8, uint32: 8, float16: 4, int16: 4, uint16: 4 }[page.dtype] ?? 2;
  for (let i = 0; i < page.hex.length; i += width) {
    if (page.hex.slice(i, i + width) !== node.hex.slice(i, i + width))
      return ` (first at element ${i / width}: page 0x${page.hex.slice(i, i + width)}, node 0x${node.hex.slice(i, i + width)}, little-endian)`;
  }
  return "";
}

let page: { report: Report; console: string[] } | undefined;

test("the bundle loads in a cross-origin isolated page and runs on the wasm backend", { skip, timeout: 180_000 }, async (t) => {
  page = await runPage();
  t.diagnostic(`Chromium ${browser!.version()}; ${page.console.join("; ")}; env ${JSON.stringify(page.report.env)}`);
  assert.equal(page.report.env.crossOriginIsolated, true, "COOP/COEP did not make the page cross-origin isolated");
  assert.equal(page.report.env.backend, "wasm");
  assert.deepEqual(
    Object.keys(page.report.results),
    CHECKS.map((c) => c.name),
  );
});

/** Everything wrong between the page's report and Node's; `tolerant` compares `tol` checks within MATMUL_TOLERANCE. */
function compareReports(page: Report, node: Report, tolerant: boolean, stats = { tol: 0, identical: 0 }): string[] {
  const problems: string[] = [];
  if (node.env.backend !== "wasm") problems.push(`node ran on the ${node.env.backend} backend`);
  for (const c of CHECKS) {
    const p = page.results[c.name]!;
    const n = node.results[c.name]!;
    problems.push(...differences(c.name, p, n, tolerant && (c.tol ?? false), stats));
    for (const [side, r] of [
      ["page", p],
      ["node", n],
    ] as const) {
      if (c.expect !== undefined && JSON.stringify(r) !== JSON.stringify(c.expect))
        problems.push(`${c.name} (${side}): expected ${JSON.stringify(c.expect)}, got ${JSON.stringify(r).slice(0, 400)}`);
      const cls = r && typeof r === "object" && "error" in r ? (r.error as { class: string }).class : undefined;
      if (c.throws !== undefined && cls !== c.throws)
        problems.push(`${c.name} (${side}): expected a ${c.throws}, got ${JSON.stringify(r).slice(0, 400)}`);
      if (c.throws === undefined && c.expect === undefined && cls !== undefined)
        problems.push(`${c.name} (${side}) threw: ${JSON.stringify(r).slice(0, 600)}`);
    }
  }
  return problems;
}

const disagree = (problems: string[], console: string[]) =>
  `the page and Node disagree:\n${problems.join("\n")}\n--- the page's console ---\n${console.join("\n")}`;

test("with the page's wasm features, Node gives every result bit for bit (matmuls included)", { skip, timeout: 180_000 }, async () => {
  page ??= await runPage();
  // With relaxed SIMD on both sides the math kernels fuse alike; the GEMM never fuses.
  const node = await runNode(page.report.env.relaxedSimd);
  assert.equal(node.env.relaxedSimd, page.report.env.relaxedSimd, "Node did not get the page's wasm features");
  const problems = compareReports(page.report, node, false);
  assert.deepEqual(problems, [], disagree(problems, page.console));
});

test("with Node's default features, only matmul-based results differ, within tolerance", { skip, timeout: 180_000 }, async (t) => {
  page ??= await runPage();
  const node = await runNode(false);
  const stats = { tol: 0, identical: 0 };
  const problems = compareReports(page.report, node, true, stats);
  t.diagnostic(
    `relaxed SIMD: page ${page.report.env.relaxedSimd}, node ${node.env.relaxedSimd}; matmul-based float32 elements ${stats.tol}, bit-identical ${stats.identical}`,
  );
  assert.deepEqual(problems, [], disagree(problems, page.console));
});

test("in an isolated page the wasm backend runs on Web Workers, bit for bit as on one thread", { skip, timeout: 180_000 }, async (t) => {
  const one = await runPage({ threads: 1 });
  const three = await runPage({ threads: 3, warm: true });
  t.diagnostic(
    `one thread: ${JSON.stringify(one.report.env.threads)}; three: ${JSON.stringify(three.report.env.threads)}; ${three.console.join("; ")}`,
  );
  assert.deepEqual(one.report.env.threads, {
    threads: 1,
    host: "none",
    reason: "JAXTS_THREADS is 1, or there is one core",
    workerChunks: 0,
  });
  assert.equal(three.report.env.threads.threads, 3);
  assert.equal(three.report.env.threads.host, "web-workers");
  assert.ok(three.report.warmChunks! > 0, `the Web Workers never started:\n${three.console.join("\n")}`);
  assert.ok(
    three.report.env.threads.workerChunks > three.report.warmChunks!,
    `the Web Workers ran no chunk of the checks:\n${three.console.join("\n")}`,
  );
  const problems = CHECKS.flatMap((c) => differences(c.name, three.report.results[c.name]!, one.report.results[c.name]!, false));
  assert.deepEqual(
    problems,
    [],
    `three threads and one disagree:\n${problems.join("\n")}\n--- the page's console ---\n${three.console.join("\n")}`,
  );
});

test("a page without COOP/COEP runs on one thread, says why, and gives the same results", { skip, timeout: 180_000 }, async () => {
  const plain = await runPage({ plain: true });
  assert.equal(plain.report.env.crossOriginIsolated, false);
  assert.equal(plain.report.env.threads.threads, 1);
  assert.equal(plain.report.env.threads.host, "none");
  assert.match(
    plain.report.env.threads.reason ?? "",
    /not cross-origin isolated \(serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp\)/,
  );
  page ??= await runPage();
  const problems = CHECKS.flatMap((c) => differences(c.name, plain.report.results[c.name]!, page!.report.results[c.name]!, false));
  assert.deepEqual(
    problems,
    [],
    `the plain page and the isolated one disagree:\n${problems.join("\n")}\n--- the page's console ---\n${plain.console.join("\n")}`,
  );
});

test("a page that throws fails the suite with its console output", { skip, timeout: 60_000 }, async () => {
  await assert.rejects(runPage({ checks: "/throwing.js" }), (e: Error) => {
    assert.match(e.message, /the page threw: Error: thrown by the page on purpose/);
    assert.match(e.message, /--- the page's console ---\n.*the throwing module logs this first/s);
    return true;
  });
  await assert.rejects(runPage({ checks: "/missing.js" }), (e: Error) => {
    assert.match(e.message, /the page threw/);
    assert.match(e.message, /\[http 404\] .*\/missing\.js/);
    return true;
  });
});

test("the comparison catches one flipped bit, and a matmul result beyond the tolerance", () => {
  const a = (hex: string): EncodedArray => ({ dtype: "float32", shape: [2], hex });
  const one = "0000803f"; // 1.0f
  const oneUlp = "0100803f"; // 1.0000001f
  const far = "c800803f"; // 1 + 200 ulp ≈ 1 + 2.4e-5
  assert.deepEqual(differences("x", a(one + one), a(one + one), false), []);
  assert.match(differences("x", a(one + oneUlp), a(one + one), false).join(), /differs bit for bit \(first at element 1/);
  assert.deepEqual(differences("x", [a(one + oneUlp)], [a(one + one)], true), []);
  assert.match(differences("x", { w: a(one + "00008040") }, { w: a(one + "00018040") }, true).join(), /x\.w: element 1 is 4 in the page/);
  assert.match(differences("x", a(far + one), a(one + one), true).join(), /beyond 0.00001 · max\|node\|/);
  assert.match(
    differences("e", { error: { class: "ValueError", message: "m" } }, { error: { class: "TypeError", message: "m" } }, false).join(),
    /^e\.error\.class: page "ValueError", node "TypeError"$/,
  );
});
