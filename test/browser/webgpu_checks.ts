// The webgpu smoke checks run in a page (webgpu.suite.ts): initWebGpu on the
// page's navigator.gpu, then a few programs on webgpu and on wasm in the same
// page, compared element by element. Plain JavaScript after esbuild strips
// the types: it gets jaxts as an argument, imports nothing.
type Jax = typeof import("../../src/index.ts");
type NDArray = import("../../src/index.ts").NDArray;

export interface WebGpuReport {
  /** The adapter's description, or null where the page has none. */
  adapter: string | null;
  results: { name: string; ok: boolean; message?: string }[];
}

export async function runWebGpuChecks(jax: Jax): Promise<WebGpuReport> {
  const { jnp, lax, jit } = jax;
  const adapter = await jax.initWebGpu();
  if (!adapter) return { adapter: null, results: [] };
  const home = jax.defaultBackend();
  const rand = (shape: number[], seed: number) => {
    let s = seed;
    const n = shape.reduce((a, b) => a * b, 1);
    const v = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      v[i] = (s / 4294967296 - 0.5) * 4;
    }
    return jnp.array(v).reshape(shape);
  };
  type Fn = (...xs: NDArray[]) => NDArray | NDArray[];
  const cases: [string, Fn, NDArray[]][] = [
    [
      "jit of an elementwise chain",
      jit((x: NDArray) =>
        jnp
          .tanh(jnp.exp(x.mul(0.5)).sub(1))
          .mul(jnp.sin(x))
          .add(x.mul(x)),
      ),
      [rand([64], 1)],
    ],
    ["matmul", (a: NDArray, b: NDArray) => jnp.matmul(a, b), [rand([33, 17], 2), rand([17, 70], 3)]],
    ["reductions", (x: NDArray) => [x.sum(1), x.max(0), jnp.mean(x)], [rand([20, 300], 4)]],
    [
      "GEMM with a fused epilogue",
      jit((a: NDArray, b: NDArray, c: NDArray) => jax.nn.relu(jnp.matmul(a, b).add(c))),
      [rand([33, 17], 7), rand([17, 70], 8), rand([70], 9)],
    ],
    [
      "float16 chain, sum and matmul",
      (a: NDArray, b: NDArray) => {
        const h = a.astype("float16");
        return [jnp.tanh(h.mul(h).add(0.3)), jnp.sum(h, 1), jnp.matmul(h, b.astype("float16")), h.astype("bfloat16").mul(3)];
      },
      [rand([12, 300], 10), rand([300, 5], 11)],
    ],
    [
      "scan",
      (xs: NDArray) => lax.scan((c: NDArray, x: NDArray) => [jnp.tanh(c.mul(0.9).add(x)), c.sum()], jnp.zeros([4]), xs) as NDArray[],
      [rand([12, 4], 5)],
    ],
    [
      "whileLoop",
      (x: NDArray) =>
        lax.whileLoop(
          (v: NDArray) => v.sum().lt(100),
          (v: NDArray) => v.mul(1.7).add(1),
          x,
        ) as NDArray,
      [rand([4], 6).abs()],
    ],
    [
      "linalg",
      (a: NDArray, b: NDArray) => [
        jnp.linalg.solve(a, b),
        jnp.linalg.cholesky(jnp.matmul(a, a.T).add(jnp.eye(6).mul(6))),
        ...jnp.linalg.qr(a),
        jnp.linalg.eigvalsh(a.add(a.T)),
        jnp.linalg.svd(a, { computeUv: false }),
      ],
      [rand([6, 6], 7).add(jnp.eye(6).mul(4)), rand([6, 2], 8)],
    ],
    [
      "fft and special functions",
      (x: NDArray) => [
        jnp.fft.fft(x),
        jnp.fft.irfft(jnp.fft.rfft(x.mul(2)), { n: 15 }),
        lax.igamma(x.abs().add(0.5), x.mul(x)),
        lax.besselI1e(x),
      ],
      [rand([3, 15], 7)],
    ],
  ];
  const results: WebGpuReport["results"] = [];
  for (const [name, f, args] of cases) {
    try {
      jax.setDefaultBackend("wasm");
      const want = [f(...args)].flat();
      jax.setDefaultBackend("webgpu");
      const got = [f(...args.map((a) => jax.devicePut(a, "webgpu") as NDArray))].flat();
      const bad: string[] = [];
      for (let i = 0; i < want.length; i++) {
        if (got[i].devices()[0] !== "webgpu") bad.push(`output ${i} is on ${got[i].devices()[0]}`);
        const w = await want[i].data();
        const g = await got[i].data();
        for (let j = 0; j < w.length; j++) {
          const a = Number(g[j]);
          const b = Number(w[j]);
          if (!(Math.abs(a - b) <= 1e-5 + 1e-4 * Math.abs(b))) bad.push(`output ${i}[${j}]: webgpu ${a}, wasm ${b}`);
        }
      }
      results.push(bad.length ? { name, ok: false, message: bad.slice(0, 8).join("\n") } : { name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, message: String((e as Error)?.stack ?? e) });
    } finally {
      jax.setDefaultBackend(home);
    }
  }
  return { adapter, results };
}
