// The linalg primitives on the webgpu backend against the wasm backend
// (webgpu_linalg_checks.ts; see test/helpers/webgpu_suite.ts).
import { webgpuSuite } from "../helpers/webgpu_suite.ts";

webgpuSuite("webgpu linalg", new URL("./webgpu_linalg_checks.ts", import.meta.url));
