// What importing jaxts costs: the bundle's size (raw, gzipped) and the time
// `await import("jaxts")` takes in fresh Node processes and in fresh
// headless-Chromium pages (cross-origin isolated, as a threaded site serves
// it). Medians of --runs (default 7). Usage: tsx scripts/measure_import.ts [bundle]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const bundle = resolve(process.argv[2] ?? "dist/index.js");
const runs = Number(process.env.RUNS ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const code = readFileSync(bundle);
console.log(`bundle ${bundle}: ${(code.length / 1024).toFixed(0)} KiB, gzipped ${(gzipSync(code).length / 1024).toFixed(0)} KiB`);

const node: number[] = [];
for (let i = 0; i < runs; i++) {
  const script = `const t = performance.now(); await import(${JSON.stringify(bundle)}); console.log(performance.now() - t);`;
  node.push(Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })));
}
console.log(`Node import: median ${median(node).toFixed(1)} ms (${node.map((t) => t.toFixed(0)).join(" ")})`);

const PAGE = `<!doctype html><script type="module">
const t = performance.now(); await import("/jaxts.js"); window.__importMs = performance.now() - t;</script>`;
const server = createServer((req, res) => {
  const headers = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cache-Control": "no-store",
  };
  if (req.url === "/jaxts.js") res.writeHead(200, { ...headers, "Content-Type": "text/javascript" }).end(code);
  else res.writeHead(200, { ...headers, "Content-Type": "text/html" }).end(PAGE);
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const browser = await chromium.launch({ executablePath: process.env.JAXTS_CHROMIUM ?? "/usr/bin/chromium", headless: true });
const page: number[] = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext(); // a fresh cache each time
  const p = await context.newPage();
  await p.goto(url);
  page.push(await p.waitForFunction("window.__importMs").then((h) => h.jsonValue() as Promise<number>));
  await context.close();
}
console.log(`Chromium import: median ${median(page).toFixed(1)} ms (${page.map((t) => t.toFixed(0)).join(" ")})`);
await browser.close();
server.close();
