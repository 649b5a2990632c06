// The playground page (`npm run playground`) in headless Chromium: the seed
// notebook runs in the page and prints what it prints in Node (numbers from
// matmuls within a tolerance: Chromium's wasm uses fused multiply-add), the
// running-statistics figure is drawn with its 100 points per panel, and the
// editor runs user code, showing an error as a message.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { after, before, test } from "node:test";
import { type Browser, type Page, chromium } from "playwright-core";
import { runNotebook } from "../../examples/notebook/run.ts";
import { formatParts } from "../../playground/format.ts";
import { type Playground, startPlayground } from "../../playground/serve.ts";
import { jnp } from "../../src/index.ts";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const executable = process.env.JAXTS_CHROMIUM || CANDIDATES.find((p) => existsSync(p));
const skip = !executable && process.env.JAXTS_SKIP_BROWSER === "1" ? "no Chromium (JAXTS_SKIP_BROWSER=1)" : false;
/** Relative tolerance for printed numbers that differ between Node and the page (matmul with and without FMA). */
const TOLERANCE = 1e-5;

let playground: Playground | undefined;
let browser: Browser | undefined;
let page: Page | undefined;
const consoleLines: string[] = [];

interface State {
  done: boolean;
  notebook: string[];
  timings: string[];
  error: string | null;
}

before(async () => {
  if (skip) return;
  assert.ok(executable && existsSync(executable), `no Chromium at ${executable ?? CANDIDATES.join(", ")}: apt-get install -y chromium`);
  playground = await startPlayground(0);
  browser = await chromium.launch({ executablePath: executable, headless: true, args: ["--disable-dev-shm-usage"] });
  page = await browser.newPage();
  page.on("console", (m) => consoleLines.push(m.text()));
  page.on("pageerror", (e) => consoleLines.push(`pageerror: ${e.message}`));
  await page.goto(playground.url);
  await page.waitForFunction(() => (globalThis as unknown as { __playground?: State }).__playground?.done === true, null, {
    timeout: 240_000,
  });
});

after(async () => {
  await browser?.close();
  await playground?.close();
});

/** Lines equal, or equal once numbers are compared within TOLERANCE (column padding may differ with the digits). */
function sameLine(a: string, b: string): boolean {
  if (a === b) return true;
  const num = /-?\d+\.?\d*(?:e[+-]?\d+)?/g;
  const skeleton = (s: string) => s.replace(num, "#").replace(/\s+/g, " ");
  if (skeleton(a) !== skeleton(b)) return false;
  const xs = a.match(num) ?? [];
  const ys = b.match(num) ?? [];
  return xs.every((x, i) => Math.abs(Number(x) - Number(ys[i])) <= TOLERANCE * Math.max(1, Math.abs(Number(ys[i]))));
}

test("the seed notebook runs in the page and prints what it prints in Node", { skip }, async () => {
  const state = (await page!.evaluate(() => (globalThis as unknown as { __playground: State }).__playground)) as State;
  assert.equal(state.error, null, `the page reported an error; console:\n${consoleLines.join("\n")}`);
  const node: string[] = [];
  await runNotebook({ print: (...p) => node.push(...formatParts(p).split("\n")), timing: () => {} });
  assert.equal(state.notebook.length, node.length, "the page printed as many lines as Node");
  const differing = node.map((line, i) => [line, state.notebook[i]]).filter(([n, p]) => !sameLine(n, p));
  assert.deepEqual(differing, [], "lines that differ between Node and the page");
  assert.ok(
    state.timings.some((l) => /First JIT call \(compile \+ execute\): [\d.]+ ms/.test(l)),
    "the timing cells ran",
  );
});

test("the running-statistics figure is drawn: two line marks of 100 points each, and the true values", { skip }, async () => {
  const lines = await page!.$$eval("#figure svg path", (paths) =>
    paths.map((p) => ({ cls: p.closest("g.mark-line")?.getAttribute("class") ?? "", d: p.getAttribute("d") ?? "" })),
  );
  const series = lines.filter((l) => l.cls.includes("mark-line"));
  assert.equal(series.length, 2, `line marks: ${JSON.stringify(lines.map((l) => l.cls))}`);
  for (const s of series) assert.equal((s.d.match(/L/g) ?? []).length, 99, "a line through 100 samples");
  const text = await page!.$eval("#figure svg", (svg) => svg.textContent ?? "");
  for (const label of ["Running Mean", "Running Variance", "True mean", "True variance"]) assert.ok(text.includes(label), label);
});

async function runCode(code: string): Promise<{ out: string; error: string }> {
  await page!.fill("#code", code);
  await page!.click("#run");
  // A string predicate: tsx would wrap a function's inner closures in a helper the page lacks.
  await page!.waitForFunction(
    `document.getElementById("user-out").textContent !== "" || document.getElementById("error").textContent !== ""`,
  );
  return {
    out: await page!.$eval("#user-out", (e) => e.textContent ?? ""),
    error: await page!.$eval("#error", (e) => e.textContent ?? ""),
  };
}

test("the editor runs user code and shows its output", { skip }, async () => {
  const { out, error } = await runCode("const x = jnp.arange(4).mul(3);\nprint(x, jit(grad((v) => v.mul(v).sum()))(x.astype('float32')));");
  assert.equal(error, "");
  // print() formats as Node's console.log does: arrays by their repr.
  assert.equal(out, "Array([0, 3, 6, 9], dtype=int32) Array([ 0.,  6., 12., 18.], dtype=float32)\n");
});

test("an error in user code is shown as a message, the same as Node's", { skip }, async () => {
  const { out, error } = await runCode("print(jnp.ones([2]).reshape([3]));");
  let expected = "";
  try {
    jnp.ones([2]).reshape([3]);
  } catch (e) {
    expected = `${(e as Error).name}: ${(e as Error).message}`;
  }
  assert.equal(out, "");
  assert.ok(expected.length > 0);
  assert.equal(error, expected);
  // The page still works after the error.
  assert.equal((await runCode("print(String(jnp.sum(jnp.ones([3]))))")).out, "3.0\n");
});
