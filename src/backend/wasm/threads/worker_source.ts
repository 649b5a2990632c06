// The worker's program, as source text for `new Worker(src, { eval: true })`:
// no file to locate next to the bundle, nothing to transpile. A worker waits
// for a job, claims chunks until none is left, and instantiates each wasm
// module (sent once over its port) against the same shared memory.
import {
  ARGS,
  CHUNK_MASK,
  COUNT_SHIFT,
  DONE,
  ERROR,
  FN,
  GEN,
  NARGS,
  NEXT,
  PREFAULTED,
  PREFAULT_BURST,
  PREFAULT_FROM,
  PREFAULT_PAUSE_MS,
  PREFAULT_TO,
  SLEEP,
  SPIN_MS,
  WORKED,
} from "./protocol.ts";

/** Instantiates module `k` against the shared memory, linking its imports to exports of modules sent earlier. */
const INSTANTIATE = `function instantiate(k, module, name, links) {
  const env = { memory };
  for (const [imp, [from, exp]] of Object.entries(links)) env[imp] = instances[from].exports[exp];
  instances[k] = new WebAssembly.Instance(module, { env });
  fns[k] = instances[k].exports[name];
}
/** Instantiates a message's modules, in the order they were registered. */
function instantiateAll(message) {
  for (const { id, module, name, links } of message) instantiate(id, module, name, links);
}`;

/** Claims the next chunk of the current job by compare-and-swap, or -1; `guard` may refuse a job first. */
const claimSource = (guard: string): string => `function claim() {
  for (;;) {
    const v = Atomics.load(c, ${NEXT});
    const chunk = v & ${CHUNK_MASK};
    if (chunk >= ((v >>> ${COUNT_SHIFT}) & ${CHUNK_MASK})) return -1;
    ${guard}
    if (Atomics.compareExchange(c, ${NEXT}, v, v + 1) === v) return chunk;
  }
}`;

/** Runs claimed chunks of the current job: `fn` is the job's function, `fail(e)` reports an error, `done(count)` counts a chunk. */
const workSource = (fn: string, done: string): string => `function work() {
  for (let chunk = claim(); chunk >= 0; chunk = claim()) {
    const count = (Atomics.load(c, ${NEXT}) >>> ${COUNT_SHIFT}) & ${CHUNK_MASK};
    const nargs = c[${NARGS}];
    const args = [];
    for (let j = 0; j < nargs; j++) args.push(c[${ARGS} + chunk * nargs + j]);
    try {
      ${fn}(...args);
    } catch (e) {
      fail(e);
    }
    Atomics.add(c, ${WORKED}, 1);
    ${done}
  }
}`;

// Touch freshly grown heap pages before the caller's thread writes them (a first
// touch is slow). An atomic add of 0 never changes a value, even one being written.
// A job that comes in goes first: then the rest of the range (unless a new one was asked for).
// This thread may not see a growth yet (the engine tells other threads at its
// next interrupt check): pages past the length it sees wait for the next job.
export const PREFAULT_SOURCE = `let lastNext = 0;
function prefault() {
  const to = Atomics.exchange(c, ${PREFAULT_TO}, 0);
  if (to === 0) return;
  const i32 = new Int32Array(memory.buffer);
  const end = Math.min(to, i32.length >>> 10);
  for (let p = Atomics.load(c, ${PREFAULT_FROM}); p < to; p++) {
    if (p >= end) {
      Atomics.store(c, ${PREFAULT_FROM}, p);
      Atomics.compareExchange(c, ${PREFAULT_TO}, 0, to);
      return;
    }
    Atomics.add(i32, p * 1024, 0);
    Atomics.add(c, ${PREFAULTED}, 1);
    // A pause now and then leaves the caller's thread its core; a new job (GEN) ends it at once.
    if ((p + 1) % ${PREFAULT_BURST} === 0) Atomics.wait(c, ${GEN}, Atomics.load(c, ${GEN}), ${PREFAULT_PAUSE_MS});
    if (Atomics.load(c, ${NEXT}) !== lastNext) {
      Atomics.store(c, ${PREFAULT_FROM}, p + 1);
      Atomics.compareExchange(c, ${PREFAULT_TO}, 0, to);
      return;
    }
  }
}`;

/** Whether a new job (GEN past \`seen\`) comes within SPIN_MS: spinning on it is cheaper than a wake-up. */
const SPIN = `function spin(seen) {
  const end = performance.now() + ${SPIN_MS};
  for (let i = 1; ; i++) {
    if (Atomics.load(c, ${GEN}) !== seen) return true;
    if ((i & 255) === 0 && performance.now() > end) return false;
  }
}`;

export const WORKER_SOURCE = `"use strict";
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const { memory, control, port } = workerData;
const c = new Int32Array(control);
const fns = [];
const instances = [];
${INSTANTIATE}

/** The job's function, instantiating modules sent since (blocking on the port: Node workers can). */
function fn(id) {
  while (fns[id] === undefined) {
    const m = receiveMessageOnPort(port);
    if (m === undefined) { Atomics.wait(c, ${SLEEP}, 0, 0.05); continue; }
    instantiateAll(m.message);
  }
  return fns[id];
}

/** Instantiates every module sent so far, before claiming work: meanwhile the caller claims the chunks itself. */
function drain() {
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) instantiateAll(m.message);
}

function fail(e) {
  if (Atomics.compareExchange(c, ${ERROR}, 0, 1) === 0) port.postMessage(String((e && e.stack) || e));
}

${claimSource("")}
${workSource(`fn(c[${FN}])`, `if (Atomics.add(c, ${DONE}, 1) + 1 === count) Atomics.notify(c, ${DONE});`)}
${PREFAULT_SOURCE}
${SPIN}

let seen = Atomics.load(c, ${GEN});
lastNext = Atomics.load(c, ${NEXT});
work();
for (;;) {
  if (!spin(seen)) Atomics.wait(c, ${GEN}, seen);
  seen = Atomics.load(c, ${GEN});
  drain();
  work();
  lastNext = Atomics.load(c, ${NEXT});
  prefault();
}
`;

// The same worker for browsers (a Web Worker started from a Blob URL). A Web
// Worker cannot read its messages while it blocks, so it waits for jobs with
// Atomics.waitAsync and takes its modules in onmessage; it claims a chunk only
// once it has the job's function (else it leaves the job to the others: the
// caller claims whatever is left, so no job ever waits for a message).
export const WEB_WORKER_SOURCE = `"use strict";
let memory, c;
const fns = [];
const instances = [];
${INSTANTIATE}

function fail(e) {
  console.error("jaxts worker:", e);
  if (Atomics.compareExchange(c, ${ERROR}, 0, 1) === 0) postMessage(String((e && e.stack) || e));
}

onmessage = (e) => {
  const m = e.data;
  if (m.control) {
    memory = m.memory;
    c = new Int32Array(m.control);
    loop();
    return;
  }
  try {
    instantiateAll(m);
  } catch (err) {
    fail(err);
  }
  work(); // a job may be waiting for this function
};

// FN is read after v: if the job changed since, the exchange fails.
${claimSource(`if (fns[Atomics.load(c, ${FN})] === undefined) return -1;`)}
${workSource(`fns[c[${FN}]]`, `Atomics.add(c, ${DONE}, 1);`)}
${PREFAULT_SOURCE}
${SPIN}

async function loop() {
  let seen = Atomics.load(c, ${GEN});
  lastNext = Atomics.load(c, ${NEXT});
  for (;;) {
    work();
    lastNext = Atomics.load(c, ${NEXT});
    prefault();
    if (spin(seen)) {
      seen = Atomics.load(c, ${GEN});
      continue;
    }
    const r = Atomics.waitAsync(c, ${GEN}, seen);
    if (r.async) await r.value;
    seen = Atomics.load(c, ${GEN});
  }
}
`;
