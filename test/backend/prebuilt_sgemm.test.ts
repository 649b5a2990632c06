// The prebuilt sgemm module (src/backend/wasm/gemm/prebuilt.ts) must be what
// the emitter makes today: a stale file would run an old GEMM.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { PREBUILT_FILE, prebuiltSource } from "../../scripts/gen_prebuilt_sgemm.ts";

test("src/backend/wasm/gemm/prebuilt.ts is what the emitter makes (npm run gen:sgemm)", () => {
  assert.ok(readFileSync(PREBUILT_FILE, "utf8") === prebuiltSource(), "stale: run `npm run gen:sgemm`");
});
