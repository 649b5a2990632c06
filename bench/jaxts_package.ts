// jaxts as its users get it: the built bundle (dist/index.js; bench/run.sh
// and bench:ops run `npm run build` first), typed by the source it is built
// from. Not the TypeScript source through tsx: tsx's transform wraps every
// named closure in a call that re-sets its name each time it is made (a
// quarter of eager dispatch, measured 2026-12-07), which the package's
// bundle does not do.
import type * as Jaxts from "../src/index.ts";

export const jaxts = (await import(new URL("../dist/index.js", import.meta.url).href)) as typeof Jaxts;
