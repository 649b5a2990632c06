// The seed notebook port: every value its cells print matches real JAX's
// (../shared/goldens/notebook), and the figure has two panels of 100 points.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";
import { NDArray } from "../../src/index.ts";
import { cells } from "../../examples/notebook/cells.ts";
import { runningStatsSvg } from "../../examples/notebook/figure.ts";
import { runningStatsPanels } from "../../examples/notebook/run.ts";

const dir = new URL("../goldens/notebook/", import.meta.url);
interface Golden {
  label: string;
  shape?: number[];
  dtype?: string;
  data?: unknown[];
  text?: string;
  error?: boolean;
  message?: string;
}
const decode = (v: unknown) =>
  v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : typeof v === "boolean" ? Number(v) : (v as number);

const silent = () => {};
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".json") && f.includes("_seed_"))
  .sort()) {
  const g = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as { case: string; outputs: Golden[] };
  test(`notebook cell ${g.case}`, () => {
    const cell = cells.find((c) => c.id === g.case);
    assert.ok(cell, `no port of cell ${g.case}`);
    const outs = cell.run(silent);
    for (const want of g.outputs) {
      const got = outs.find((o) => o.label === want.label);
      assert.ok(got, `${g.case}: the port does not produce '${want.label}'`);
      if (want.error) {
        const expectedStart = (want.message ?? "").split("\n")[0];
        assert.ok(
          String(got.value).startsWith(expectedStart.slice(0, 60)),
          `${want.label}: got error '${got.value}', JAX raised '${expectedStart}'`,
        );
        continue;
      }
      if (want.text !== undefined) {
        assert.equal(got.value, want.text, want.label);
        continue;
      }
      const v = got.value;
      const data = v instanceof NDArray ? Array.from(v.dataSync() as ArrayLike<number>, Number) : [Number(v)];
      if (v instanceof NDArray) {
        assert.deepEqual(v.shape, want.shape, `${want.label}: shape`);
        if (!["int", "float", "bool"].includes(want.dtype!)) assert.equal(v.dtype, want.dtype, `${want.label}: dtype`);
      }
      const exp = want.data!.map(decode);
      assert.equal(data.length, exp.length, `${want.label}: size`);
      data.forEach((d, i) => {
        const e = exp[i];
        const ok = Number.isNaN(e) ? Number.isNaN(d) : Math.abs(d - e) <= 1e-6 + 2e-5 * Math.abs(e);
        assert.ok(ok, `${g.case} ${want.label}[${i}]: got ${d}, JAX printed ${e}`);
      });
    }
  });
}

test("running-statistics figure: two panels, 100 points each, dashed truth lines", async () => {
  const svg = await runningStatsSvg(...runningStatsPanels());
  assert.match(svg, /^<svg/);
  assert.equal((svg.match(/Running Mean/g) ?? []).length >= 1 && (svg.match(/Running Variance/g) ?? []).length >= 1, true);
  // Each line mark is one path with 100 vertices (1 move + 99 line segments).
  const lines = [...svg.matchAll(/class="mark-line[^"]*"[^>]*>\s*<path[^>]*d="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(lines.length, 2, "two line marks");
  for (const d of lines) assert.equal((d.match(/[ML]/g) ?? []).length, 100);
  assert.equal((svg.match(/stroke-dasharray="6,4"/g) ?? []).length, 2, "two dashed truth lines");
});
