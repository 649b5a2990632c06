// Warnings, as JAX's UserWarnings: Node's process warnings where there is a
// process (so --no-warnings and listeners work), the console elsewhere.
interface WarningProcess {
  emitWarning?: (message: string) => void;
}

export function warn(message: string): void {
  const proc = (globalThis as { process?: WarningProcess }).process;
  if (typeof proc?.emitWarning === "function") proc.emitWarning(message);
  else console.warn(message);
}
