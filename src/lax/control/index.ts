// lax control flow.
export { cond, switch_ as switch } from "./cond_api.ts";
export { scan, map } from "./scan_api.ts";
export { whileLoop, foriLoop } from "./loops_api.ts";
export { associativeScan } from "./associative_scan.ts";
export { condP } from "./cond.ts";
export { scanP } from "./scan.ts";
export { whileP } from "./while.ts";
