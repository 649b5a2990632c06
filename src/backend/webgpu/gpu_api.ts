// The part of the WebGPU API the backend uses, declared here so the package
// needs no DOM or @webgpu/types declarations (browsers provide navigator.gpu;
// Node gets it from the optional `webgpu` package, Dawn's bindings).

export interface GpuBuffer {
  readonly size: number;
  destroy(): void;
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
}
export interface GpuComputePass {
  setPipeline(p: GpuPipeline): void;
  setBindGroup(index: number, group: unknown): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
  end(): void;
}
export interface GpuCommandEncoder {
  beginComputePass(): GpuComputePass;
  copyBufferToBuffer(src: GpuBuffer, srcOffset: number, dst: GpuBuffer, dstOffset: number, size: number): void;
  finish(): unknown;
}
export interface GpuPipeline {
  getBindGroupLayout(index: number): unknown;
}
export interface GpuDevice {
  readonly limits: Record<string, number>;
  readonly queue: {
    submit(buffers: unknown[]): void;
    writeBuffer(buf: GpuBuffer, offset: number, data: ArrayBufferView): void;
    onSubmittedWorkDone(): Promise<void>;
  };
  createBuffer(desc: { size: number; usage: number; mappedAtCreation?: boolean }): GpuBuffer;
  createShaderModule(desc: { code: string }): {
    getCompilationInfo?(): Promise<{ messages: readonly { type: string; message: string; lineNum: number }[] }>;
  };
  createComputePipeline(desc: { layout: "auto"; compute: { module: unknown; entryPoint: string } }): GpuPipeline;
  createBindGroup(desc: { layout: unknown; entries: { binding: number; resource: { buffer: GpuBuffer } }[] }): unknown;
  createCommandEncoder(): GpuCommandEncoder;
  pushErrorScope(filter: "validation" | "out-of-memory" | "internal"): void;
  popErrorScope(): Promise<{ message: string } | null>;
  destroy(): void;
  readonly lost: Promise<{ message: string }>;
}
export interface GpuAdapter {
  readonly limits: Record<string, number>;
  readonly features: ReadonlySet<string>;
  readonly info?: { vendor?: string; architecture?: string; device?: string; description?: string };
  requestDevice(desc?: { requiredLimits?: Record<string, number>; requiredFeatures?: string[] }): Promise<GpuDevice>;
}
export interface Gpu {
  requestAdapter(opts?: { powerPreference?: "high-performance" | "low-power" }): Promise<GpuAdapter | null>;
}

/** GPUBufferUsage and GPUMapMode bits (fixed by the WebGPU spec). */
export const USAGE = { MAP_READ: 1, COPY_SRC: 4, COPY_DST: 8, STORAGE: 128 } as const;
export const MAP_READ = 1;

interface NodeProcess {
  versions?: { node?: string };
}

/**
 * The platform's GPU entry point: `navigator.gpu` in browsers (and Deno), or
 * Dawn's Node bindings from the optional `webgpu` package; null when neither
 * exists. Dawn on Linux needs a Vulkan driver (libvulkan1; SwiftShader's ICD
 * through VK_ICD_FILENAMES on machines without a GPU).
 */
export async function findGpu(): Promise<Gpu | null> {
  const nav = (globalThis as { navigator?: { gpu?: Gpu } }).navigator;
  if (nav?.gpu) return nav.gpu;
  if (!(globalThis as { process?: NodeProcess }).process?.versions?.node) return null;
  try {
    // A specifier bundlers cannot fold to a constant, so a consumer's bundle
    // never tries to include the optional dependency (and its Node builtins).
    const name = ["web", "gpu"].join("");
    const mod = (await import(/* @vite-ignore */ name)) as { create(opts: string[]): Gpu; globals: object };
    Object.assign(globalThis, mod.globals);
    return mod.create([]);
  } catch {
    return null;
  }
}
