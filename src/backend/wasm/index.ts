// The wasm backend and its compiler, registered as the default backend when
// the host has WebAssembly SIMD. JAXTS_BACKEND=js (environment) picks the
// reference backend instead, e.g. to run the test suite on both.
import { setDefaultBackend } from "../backend.ts";
import "./backend.ts";

const requested = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.JAXTS_BACKEND;
if (requested) setDefaultBackend(requested);
