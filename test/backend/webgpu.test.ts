// The webgpu backend against the wasm backend (webgpu_checks.ts): the same
// programs eagerly and under jit, compared element by element (see
// test/helpers/webgpu_suite.ts for how the checks run and when they skip).
import { webgpuSuite } from "../helpers/webgpu_suite.ts";

webgpuSuite("webgpu", new URL("./webgpu_checks.ts", import.meta.url));
