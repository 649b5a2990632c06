// FFT, complex64 and the special functions on the webgpu backend against the
// wasm backend (webgpu_fft_special_checks.ts; see test/helpers/webgpu_suite.ts).
import { webgpuSuite } from "../helpers/webgpu_suite.ts";

webgpuSuite("webgpu fft/special", new URL("./webgpu_fft_special_checks.ts", import.meta.url));
