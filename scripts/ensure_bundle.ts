// dist/index.js, built (`npm run build:js`) when it is missing or older than
// any file under src/: what the browser suite, the playground and the browser
// bench serve.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function newestMtime(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

/** The bundle's path, after building it if it is stale; `verbose` shows the build's output. */
export function ensureBundle(verbose = false): string {
  const bundle = join(root, "dist", "index.js");
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestMtime(join(root, "src"))) {
    if (verbose) process.stderr.write("building dist/index.js\n");
    execFileSync("npm", ["run", "build:js"], { cwd: root, stdio: verbose ? "inherit" : "ignore" });
  }
  return bundle;
}
