// The webgpu backend's entry point: registered by `await initWebGpu()`.
export { initWebGpu, WebGpuBackend } from "./backend.ts";
