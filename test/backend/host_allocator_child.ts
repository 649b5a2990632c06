// Child of host_allocator.test.ts (run with --expose-gc): reads a 4 MB array
// many times, dropping the copies and collecting after every 8 reads (as V8
// does on its own when external memory grows), and prints the minor page
// faults per read once the first collections are past.
import { jnp } from "../../src/index.ts";

const gc = (globalThis as { gc?: () => void }).gc!;
const x = jnp.ones([1 << 20]);
const faults = () => process.resourceUsage().minorPageFault;
let sink = 0;
const read = () => {
  sink += (x.dataSync() as Float32Array)[7];
};
for (let i = 0; i < 32; i++) {
  read();
  if (i % 8 === 7) gc();
}
const before = faults();
const reads = 64;
for (let i = 0; i < reads; i++) {
  read();
  if (i % 8 === 7) gc();
}
process.stdout.write(JSON.stringify({ faultsPerRead: (faults() - before) / reads, sink }));
