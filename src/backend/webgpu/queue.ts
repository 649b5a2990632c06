// The order of GPU work when some of it must wait on the GPU.
//
// A while loop's predicate lives on the GPU and WebGPU reads are
// asynchronous, so an eager whileLoop cannot finish before it returns. It
// returns arrays at once and runs as an asynchronous task; work the program
// asks for meanwhile (dispatches, copies, reads, buffer destruction) waits in
// this queue behind it, in program order. With nothing asynchronous ahead,
// a task runs at once: programs without while loops record as before.
// Each loop gives the work of its body a queue of its own (`nested`), which
// it drains before reading its predicate, so loops nest.

type Task = () => void | Promise<void>;

export class WorkQueue {
  private readonly tasks: Task[] = [];
  private draining: Promise<void> | null = null;
  /** The first error an asynchronous task raised, reported by the next read. */
  error: unknown = null;

  /** Runs `task` now when nothing asynchronous is ahead of it, else after what is. */
  run(task: Task): void {
    if (this.draining) {
      this.tasks.push(task);
      return;
    }
    const r = task();
    if (r) this.draining = this.drain(r);
  }

  /** Whether work is waiting on an asynchronous task. */
  get busy(): boolean {
    return this.draining !== null;
  }

  /** Resolves once every queued task has run. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(first: Promise<void>): Promise<void> {
    await this.settle(first);
    for (let t = this.tasks.shift(); t; t = this.tasks.shift()) {
      try {
        const r = t();
        if (r) await this.settle(r);
      } catch (e) {
        this.error ??= e;
      }
    }
    this.draining = null;
  }

  private async settle(p: Promise<void>): Promise<void> {
    try {
      await p;
    } catch (e) {
      this.error ??= e;
    }
  }
}
