// What every library adapter provides. An adapter turns one workload into a
// Runner (inputs already on the library's device, functions already built);
// run() does the work once and reads every output back to the host, so the
// time of a run always ends with the library's own "the work is finished".
import type { MlpData, RnnData } from "../data.ts";

export interface Runner {
  run(): Promise<ArrayLike<number>[]>;
  /** What this library runs for the workload, when it is not the obvious op. */
  note?: string;
}
/** Not applicable: the library lacks the feature (the reason is printed). */
export interface NotAvailable {
  na: string;
}
export type Prepared = Runner | NotAvailable;

export interface Lib {
  /** Column header. */
  readonly label: string;
  /** Starts the backend. Returns null when ready, or why the library cannot run here. */
  init(): Promise<string | null>;
  /** Version and backend details for the report. */
  describe(): string;
  selu(x: Float32Array): Prepared;
  /** W1e: the same selu as jnp ops run eagerly (no jit), written scale · where(x > 0, x, alpha · (exp(x) − 1)). */
  seluEager(x: Float32Array): Prepared;
  matmul(a: Float32Array, b: Float32Array, n: number): Prepared;
  sum(x: Float32Array): Prepared;
  cumsumScan(x: Float32Array): Prepared;
  cumsumAssociative(x: Float32Array): Prepared;
  cumsumOp(x: Float32Array): Prepared;
  rnn(d: RnnData): Prepared;
  mlpStep(d: MlpData): Prepared;
  /** W6e: the same grad + SGD step run eagerly (no jit). */
  mlpStepEager(d: MlpData): Prepared;
  loopCumsum(x: Float32Array): Prepared;
}

export const isNA = (p: Prepared): p is NotAvailable => "na" in p;
