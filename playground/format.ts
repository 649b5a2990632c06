// console.log's formatting of the values the notebook prints, so the page
// shows (and the browser suite compares) the same text as Node: strings as
// they are, arrays and treedefs by their repr (Node's inspect hook), the rest
// with String().
const inspect = Symbol.for("nodejs.util.inspect.custom");

function formatPart(p: unknown): string {
  if (typeof p === "string") return p;
  if (p !== null && typeof p === "object") {
    const custom = (p as { [inspect]?: (depth: number, opts: object) => unknown })[inspect];
    if (typeof custom === "function") return String(custom.call(p, 2, {}));
    if (Array.isArray(p)) return `[ ${p.map(formatPart).join(", ")} ]`;
  }
  return String(p);
}

export function formatParts(parts: readonly unknown[]): string {
  return parts.map(formatPart).join(" ");
}
