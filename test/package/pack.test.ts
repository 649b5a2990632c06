// The package as its users get it: `npm pack`, installed offline into a fresh
// consumer project (its only dependency the tarball), type-checked by the
// repo's tsc under `tsc --init` defaults (strict, noUncheckedIndexedAccess,
// exactOptionalPropertyTypes) with node16, nodenext and bundler resolution,
// run with plain `node` on both backends, and bundled with esbuild for the
// browser. The README's `ts` code blocks (the tour and the feature examples)
// are compiled and run the same way, and each `// → text` comment in them must
// be a line the block prints. Checked once, in the wasm run of `npm test`
// (each program runs on both backends itself).
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const skip = process.env.JAXTS_BACKEND === "js" ? "checked once, in the wasm run (programs run on both backends)" : false;

/** The consumer's own program: a few lines touching the main exports. */
const MAIN = `import { NDArray, defaultBackend, devices, grad, jit, jnp, vmap, type DType } from "jaxts";

const dtype: DType = "float32";
const f = (x: NDArray) => jnp.sum(jnp.sin(x));
const x = jnp.array([0, 1, 2], { dtype });
console.log(devices().includes(defaultBackend()), x instanceof NDArray);
console.log(String(jnp.arange(3).mul(2)));
console.log(String(jit(grad(f))(x)));
console.log(String(vmap((v: NDArray) => v.mul(v))(x)));
`;
const MAIN_OUT = ["true true", "[0 2 4]", "[ 1.          0.5403023  -0.41614684]", "[0. 1. 4.]"];

/** Every \`\`\`ts block of the README, in order. */
export function readmeBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  const re = /^```ts\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) blocks.push(m[1]!);
  return blocks;
}

/** The `// → text` comments of a block, in order (the lines it must print). */
export function expectedLines(block: string): string[] {
  return [...block.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1]!.trimEnd());
}

/** Asserts that `want` occur in `lines` in order (other lines may come between). */
function assertPrintsInOrder(lines: string[], want: string[], what: string): void {
  let i = 0;
  for (const w of want) {
    while (i < lines.length && lines[i]!.trimEnd() !== w) i++;
    assert.ok(i < lines.length, `${what}: expected the line ${JSON.stringify(w)} (in order) in\n${lines.join("\n")}`);
    i++;
  }
}

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

let tmp = "";
let app = "";
let packed: { filename: string; files: { path: string }[] } | undefined;
let programs: string[] = []; // consumer programs (without .ts): main, readme_0, ...

before(async () => {
  if (skip) return;
  // `npm test` builds before testing; build here too when dist is missing or older than src.
  const built = [join(root, "dist", "index.js"), join(root, "dist", "types", "index.d.ts")];
  if (!built.every(existsSync) || Math.min(...built.map((f) => statSync(f).mtimeMs)) < newestMtime(join(root, "src"))) {
    execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
  }
  tmp = mkdtempSync(join(tmpdir(), "jaxts-pack-"));
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], { cwd: root });
  packed = (JSON.parse(stdout) as { filename: string; files: { path: string }[] }[])[0];
  assert.ok(packed);

  app = join(tmp, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", join(tmp, packed.filename)], { cwd: app });
  await run(process.execPath, [tsc, "--init"], { cwd: app });
  writeFileSync(join(app, "main.ts"), MAIN);
  const blocks = readmeBlocks(readFileSync(join(root, "README.md"), "utf8"));
  blocks.forEach((b, i) => writeFileSync(join(app, `readme_${i}.ts`), b));
  programs = ["main", ...blocks.map((_, i) => `readme_${i}`)];
});

after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test("the tarball holds the build, the declarations, the sources and the docs, nothing else", { skip }, () => {
  const files = packed!.files.map((f) => f.path);
  for (const f of [
    "package.json",
    "README.md",
    "LICENSE",
    "CHANGELOG.md",
    "dist/index.js",
    "dist/index.js.map",
    "dist/types/index.d.ts",
    "src/index.ts",
  ]) {
    assert.ok(files.includes(f), `${f} is not in the tarball`);
  }
  const stray = files.filter(
    (f) =>
      !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md|dist\/index\.js(\.map)?|dist\/types\/.*\.d\.ts(\.map)?|src\/.*\.(ts|md))$/.test(f),
  );
  assert.deepEqual(stray, [], `unexpected files in the tarball: ${stray.join(", ")}`);
  const pkg = JSON.parse(readFileSync(join(app, "node_modules", "jaxts", "package.json"), "utf8")) as Record<string, any>;
  assert.equal(pkg.exports["."].types, "./dist/types/index.d.ts");
  assert.equal(pkg.exports["."].default, "./dist/index.js");
  assert.ok(pkg.license && pkg.repository && pkg.sideEffects !== undefined, "license, repository and sideEffects are declared");
  assert.equal(pkg.dependencies, undefined, "jaxts has no runtime dependencies");
});

test("declarations import declarations (./x.js), never TypeScript sources (./x.ts)", { skip }, () => {
  const dir = join(app, "node_modules", "jaxts", "dist", "types");
  const bad: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.name.endsWith(".d.ts")) continue;
    const text = readFileSync(join(e.parentPath, e.name), "utf8");
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']*)["']/g)) {
      if (!m[1]!.endsWith(".js")) bad.push(`${relative(dir, join(e.parentPath, e.name))}: ${m[1]}`);
    }
  }
  assert.deepEqual(bad, []);
});

/** Runs the consumer's tsc with extra flags; returns the files it read from jaxts. */
async function consumerTsc(flags: string[]): Promise<string[]> {
  const t0 = performance.now();
  const r = await run(process.execPath, [tsc, "-p", ".", "--listFiles", ...flags], { cwd: app }).catch((e: { stdout?: string }) => {
    assert.fail(`tsc ${flags.join(" ")} failed:\n${e.stdout ?? e}`);
  });
  const files = r.stdout.split("\n").filter((l) => l.includes("/node_modules/jaxts/"));
  assert.ok(files.length > 0, "tsc did not read jaxts's declarations");
  const sources = files.filter((f) => !f.endsWith(".d.ts"));
  assert.deepEqual(sources, [], "the consumer's tsc reads jaxts's sources instead of its declarations");
  assert.ok(performance.now() - t0 < 60_000, "the consumer's type check takes over a minute");
  return files;
}

test("a consumer type-checks with node16 resolution", { skip }, async () => {
  await consumerTsc(["--noEmit", "--module", "node16", "--moduleResolution", "node16"]);
});

test("a consumer type-checks with bundler resolution", { skip }, async () => {
  await consumerTsc(["--noEmit", "--module", "preserve", "--moduleResolution", "bundler"]);
});

test("a consumer compiled by tsc (nodenext) runs with plain node on both backends", { skip }, async () => {
  // --target es2022 lowers `using` (README's memory example) for Node 20.
  await consumerTsc([
    "--outDir",
    "build",
    "--target",
    "es2022",
    "--lib",
    "esnext,dom",
    "--sourceMap",
    "false",
    "--declaration",
    "false",
    "--declarationMap",
    "false",
  ]);
  const readme = readmeBlocks(readFileSync(join(root, "README.md"), "utf8"));
  assert.ok(readme.length >= 2, "the README has a tour and feature examples in ts blocks");
  for (const backend of ["wasm", "js"]) {
    await Promise.all(
      programs.map(async (p, i) => {
        const env = { ...process.env, JAXTS_BACKEND: backend, NODE_OPTIONS: "" };
        const { stdout } = await run(process.execPath, [join(app, "build", `${p}.js`)], { cwd: app, env }).catch((e: { stderr?: string }) =>
          assert.fail(`${p} (${backend}) failed:\n${e.stderr ?? e}`),
        );
        const want = i === 0 ? MAIN_OUT : expectedLines(readme[i - 1]!);
        assertPrintsInOrder(stdout.split("\n"), want, `${p === "main" ? "the consumer program" : `README ts block ${i}`} on ${backend}`);
      }),
    );
  }
});

test("a consumer bundled by esbuild for the browser runs", { skip }, async () => {
  await build({
    entryPoints: [join(app, "main.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    outfile: join(app, "bundle", "main.mjs"),
    logLevel: "warning",
    absWorkingDir: app,
  });
  const { stdout } = await run(process.execPath, [join(app, "bundle", "main.mjs")], {
    cwd: app,
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  assertPrintsInOrder(stdout.split("\n"), MAIN_OUT, "the bundled consumer");
});
