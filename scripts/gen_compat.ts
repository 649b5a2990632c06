// Generates docs/compat.md: every public name of JAX's modules
// (docs/jax_api_names.json) with the jaxts export it maps to, or "not yet"
// (`npm run compat`; `--check` exits 1 when docs/compat.md is stale).
//
// The mapping is API.md's naming rule: snake_case → camelCase
// (`jax.numpy.linalg.matrix_rank` → `jnp.linalg.matrixRank`), modules as
// namespaces (`jax.numpy` → `jnp`, `jax.tree_util` and `jax.tree` → `tree`,
// `jax.scipy.stats.norm` → `scipy.stats.norm`, `jax` → the top level), a
// trailing underscore dropped (`jnp.s_` → `jnp.s`), `tree_` dropped in
// `jax.tree_util` (`tree_map` → `tree.map`), `jax` config flags read from
// `config` (`jax.enable_x64` → `config.enableX64`), plus a few aliases below.
// Exports are read from src/index.ts with the TypeScript checker, so
// type-only exports (`tree.KeyPath`) count too.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const NAMES_FILE = join(root, "docs", "jax_api_names.json");
export const COMPAT_FILE = join(root, "docs", "compat.md");

/** JAX names whose jaxts spelling the rule does not give. */
const ALIASES: Record<string, string[]> = {
  "jax.Array": ["NDArray"],
  "jax.numpy.ndarray": ["NDArray"],
  "jax.tree_util.PyTreeDef": ["tree.PyTreeDef"],
  "jax.tree_util.register_pytree_node": ["tree.registerNode"],
};

/** The jaxts namespace of a JAX module ("" for the top level); null if out of scope. */
export function namespaceOf(module: string): string | null {
  const fixed: Record<string, string> = {
    jax: "",
    "jax.numpy": "jnp",
    "jax.lax": "lax",
    "jax.nn": "nn",
    "jax.random": "random",
    "jax.scipy": "scipy",
    "jax.tree_util": "tree",
    "jax.tree": "tree",
    "jax.debug": "debug",
  };
  if (module in fixed) return fixed[module]!;
  for (const [prefix, ns] of Object.entries(fixed)) {
    if (ns && module.startsWith(prefix + ".")) {
      return [
        ns,
        ...module
          .slice(prefix.length + 1)
          .split(".")
          .map(camel),
      ].join(".");
    }
  }
  return null;
}

/** snake_case → camelCase; leading and trailing underscores kept. */
export function camel(name: string): string {
  const m = /^(_*)(.*?)(_*)$/.exec(name)!;
  const parts = m[2]!.split("_").filter((p) => p !== "");
  const body = parts.map((p, i) => (i === 0 ? p : p[0]!.toUpperCase() + p.slice(1))).join("");
  return m[1]! + body + m[3]!;
}

/** The jaxts paths a JAX name may be exported as, most specific first. */
export function candidates(module: string, name: string): string[] {
  const ns = namespaceOf(module);
  if (ns === null) return [];
  const at = (n: string) => (ns ? `${ns}.${n}` : n);
  const out = [...(ALIASES[`${module}.${name}`] ?? [])];
  if (module === "jax.tree_util" && name.startsWith("tree_")) out.push(at(camel(name.slice(5))));
  out.push(at(camel(name)));
  // Dtype objects keep their names (API.md): jnp.float8_e4m3fn, jnp.int4.
  if (module === "jax.numpy" && /^(bfloat|float|u?int|complex)\d+(_\w+)?$/.test(name)) out.push(at(name));
  if (name.endsWith("_")) out.push(at(camel(name.replace(/_+$/, ""))));
  if (module === "jax") out.push(`config.${camel(name)}`);
  return [...new Set(out)];
}

/** Looks up dotted paths among the exports of src/index.ts. */
export class Exports {
  private readonly checker: ts.TypeChecker;
  private readonly top: Map<string, ts.Symbol>;

  constructor() {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(root, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    )!;
    const index = join(root, "src", "index.ts");
    const program = ts.createProgram({ rootNames: [index], options: { ...config.options, noEmit: true } });
    this.checker = program.getTypeChecker();
    const moduleSymbol = this.checker.getSymbolAtLocation(program.getSourceFile(index)!)!;
    this.top = new Map(this.checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
  }

  /** "value" or "type" when `path` (e.g. "jnp.linalg.norm") is exported, else null. */
  kind(path: string): "value" | "type" | null {
    const [first, ...rest] = path.split(".");
    let sym = this.top.get(first!);
    for (const part of rest) {
      if (!sym) return null;
      sym = this.member(sym, part);
    }
    if (!sym) return null;
    const target = sym.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(sym) : sym;
    return target.flags & ts.SymbolFlags.Value ? "value" : "type";
  }

  private member(sym: ts.Symbol, name: string): ts.Symbol | undefined {
    const target = sym.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(sym) : sym;
    if (target.flags & ts.SymbolFlags.ValueModule && target.exports) {
      // `export * as jnp from ...`: the module's exports (type-only ones included).
      return this.checker.getExportsOfModule(target).find((s) => s.name === name);
    }
    if (!(target.flags & ts.SymbolFlags.Value)) return undefined;
    // A value (`export const special = {...}`, a class's statics): its properties.
    const type = this.checker.getTypeOfSymbol(target);
    return this.checker.getPropertyOfType(type, name);
  }
}

export interface Row {
  module: string;
  name: string;
  jaxts: string | null;
  kind: "value" | "type" | null;
}

export function compatRows(exports = new Exports()): Row[] {
  const data = JSON.parse(readFileSync(NAMES_FILE, "utf8")) as { modules: Record<string, string[]> };
  const rows: Row[] = [];
  for (const [module, names] of Object.entries(data.modules)) {
    if (namespaceOf(module) === null) continue;
    for (const name of names) {
      let found: Row = { module, name, jaxts: null, kind: null };
      for (const c of candidates(module, name)) {
        const kind = exports.kind(c);
        if (kind) {
          found = { module, name, jaxts: c, kind };
          break;
        }
      }
      rows.push(found);
    }
  }
  return rows;
}

export function compatMarkdown(rows: Row[]): string {
  const data = JSON.parse(readFileSync(NAMES_FILE, "utf8")) as { generated_from: string };
  const byModule = new Map<string, Row[]>();
  for (const r of rows) byModule.set(r.module, [...(byModule.get(r.module) ?? []), r]);
  const supported = rows.filter((r) => r.jaxts).length;
  const out: string[] = [
    "# JAX compatibility",
    "",
    "<!-- Generated by `npm run compat` (scripts/gen_compat.ts); test/docs/compat.test.ts fails when it is stale. -->",
    "",
    `Every public name of JAX's modules (${data.generated_from}, \`docs/jax_api_names.json\`)`,
    "and the jaxts export it maps to. The naming rule (`docs/api.md`): snake_case",
    "becomes camelCase, modules become namespaces (`jax.numpy` → `jnp`,",
    "`jax.tree_util` → `tree`, `jax` → the package's top level), keyword",
    'arguments go in a trailing options object. "not yet" means no export of',
    "that name: some are planned, some (sharding, multi-host, `pmap`) have no",
    "meaning on a single CPU or browser device.",
    "",
    `**${supported} of ${rows.length} names supported.**`,
    "",
    "| JAX module | jaxts | supported |",
    "| --- | --- | ---: |",
  ];
  for (const [module, rs] of byModule) {
    const ns = namespaceOf(module);
    const n = rs.filter((r) => r.jaxts).length;
    out.push(`| [\`${module}\`](#${module.replace(/\./g, "")}) | ${ns ? `\`${ns}\`` : "top level"} | ${n} / ${rs.length} |`);
  }
  for (const [module, rs] of byModule) {
    const ns = namespaceOf(module);
    const n = rs.filter((r) => r.jaxts).length;
    out.push("", `## ${module}`, "", `jaxts: ${ns ? `\`${ns}\`` : "the top level"} — ${n} of ${rs.length} supported.`, "");
    out.push("| JAX | jaxts |", "| --- | --- |");
    for (const r of rs) {
      const cell = r.jaxts ? `\`${r.jaxts}\`${r.kind === "type" ? " (type)" : ""}` : "not yet";
      out.push(`| \`${module}.${r.name}\` | ${cell} |`);
    }
  }
  return out.join("\n") + "\n";
}

function main(): void {
  const text = compatMarkdown(compatRows());
  if (process.argv.includes("--check")) {
    if (readFileSync(COMPAT_FILE, "utf8") !== text) {
      console.error("docs/compat.md is stale: run `npm run compat`");
      process.exit(1);
    }
    return;
  }
  writeFileSync(COMPAT_FILE, text);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
