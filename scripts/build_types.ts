// Emits the package's declarations (dist/types/**/*.d.ts) from src with the
// TypeScript compiler API (`npm run build:types`, part of `npm run build`).
//
// src imports its own modules with `.ts` extensions (allowImportingTsExtensions);
// `rewriteRelativeImportExtensions` rewrites them in emitted JavaScript but not in
// declarations, so a declaration transformer does it here: every relative
// `./x.ts` specifier (imports, re-exports, `import("./x.ts")` types) becomes
// `./x.js`, which consumers resolve to `./x.d.ts` under every module resolution
// mode. Side-effect imports (`import "./backend/wasm/index.ts"`, which register
// backends at run time) carry no types and are dropped from the declarations,
// so a consumer's tsc reads only the files that the public types reach.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "dist", "types");

/** `./a/b.ts` → `./a/b.js` (also `.mts`/`.cts`); other specifiers unchanged. */
export function rewriteSpecifier(spec: string): string {
  if (!spec.startsWith("./") && !spec.startsWith("../")) return spec;
  if (spec.endsWith(".d.ts")) return spec;
  return spec
    .replace(/\.ts$/, ".js")
    .replace(/\.mts$/, ".mjs")
    .replace(/\.cts$/, ".cjs");
}

const declarationTransformer: ts.TransformerFactory<ts.SourceFile | ts.Bundle> = (context) => {
  const f = context.factory;
  const literal = (node: ts.Expression | undefined) =>
    node && ts.isStringLiteral(node) && rewriteSpecifier(node.text) !== node.text
      ? f.createStringLiteral(rewriteSpecifier(node.text))
      : node;
  const visit = (node: ts.Node): ts.Node | undefined => {
    if (ts.isImportDeclaration(node)) {
      if (!node.importClause) return undefined; // side-effect import: no types
      return f.updateImportDeclaration(node, node.modifiers, node.importClause, literal(node.moduleSpecifier)!, node.attributes);
    }
    if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      return f.updateExportDeclaration(
        node,
        node.modifiers,
        node.isTypeOnly,
        node.exportClause,
        literal(node.moduleSpecifier),
        node.attributes,
      );
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const lit = literal(node.argument.literal as ts.Expression);
      if (lit !== node.argument.literal) {
        return f.updateImportTypeNode(
          node,
          f.updateLiteralTypeNode(node.argument, lit as ts.StringLiteral),
          node.attributes,
          node.qualifier,
          node.typeArguments?.map((t) => ts.visitNode(t, visit) as ts.TypeNode),
          node.isTypeOf,
        );
      }
    }
    return ts.visitEachChild(node, visit, context);
  };
  return (node) => {
    if (ts.isBundle(node)) return node;
    return ts.visitEachChild(node, visit, context);
  };
};

function main(): void {
  const configPath = join(root, "tsconfig.build.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  rmSync(outDir, { recursive: true, force: true });
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const result = program.emit(undefined, undefined, undefined, true, {
    afterDeclarations: [declarationTransformer],
  });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (diagnostics.length > 0 || result.emitSkipped) {
    const host: ts.FormatDiagnosticsHost = {
      getCanonicalFileName: (p) => p,
      getCurrentDirectory: () => root,
      getNewLine: () => "\n",
    };
    console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
