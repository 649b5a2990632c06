// `npm run playground`: serves the playground page on localhost only, with
// the COOP/COEP headers that make it cross-origin isolated (so the wasm
// backend runs its Web Worker threads). Builds what it serves: the jaxts
// bundle (dist/index.js, when missing or older than src/) and the page's
// script (bundled in memory with the notebook port and vega).
import { readFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { ensureBundle } from "../scripts/ensure_bundle.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

const HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cache-Control": "no-store",
};

async function buildApp(): Promise<string> {
  const result = await build({
    entryPoints: [join(root, "playground", "app.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    external: ["jaxts"], // the page's import map points it at /dist/index.js
    write: false,
    logLevel: "warning",
  });
  return result.outputFiles[0].text;
}

export interface Playground {
  url: string;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 (port 0: any free port). */
export async function startPlayground(port = 0): Promise<Playground> {
  const bundle = ensureBundle();
  const app = await buildApp();
  const files: Record<string, () => [string, string | Buffer]> = {
    "/": () => ["text/html", readFileSync(join(root, "playground", "index.html"))],
    "/app.js": () => ["text/javascript", app],
    "/dist/index.js": () => ["text/javascript", readFileSync(bundle)],
    "/favicon.ico": () => ["image/x-icon", ""],
  };
  const server: Server = createServer((req, res) => {
    const file = files[new URL(req.url ?? "/", "http://x").pathname];
    if (!file) {
      res.writeHead(404, HEADERS).end("not found");
      return;
    }
    const [type, body] = file();
    res.writeHead(200, { ...HEADERS, "Content-Type": `${type}; charset=utf-8` }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { url } = await startPlayground(Number(process.env.PORT ?? 8000));
  console.log(`jaxts playground at ${url} (localhost only; Ctrl+C stops it)`);
}
