/**
 * Loops that pass through both ring groups and time conditions: a group
 * falling back to a condition whose open or closed side is that group again
 * would transfer the call round for ever. Each kind's own loops
 * (fallbackLoop, timeConditionLoop) stay where they are; this walks the two
 * together.
 */

/** A ring group or a time condition, as a fallback or destination names it. */
export type LoopNode = { type: "ring_group" | "time_condition"; name: string };

const label = (n: LoopNode) => `${n.type === "ring_group" ? "ring group" : "time condition"} ${n.name}`;
const same = (a: LoopNode, b: LoopNode) => a.type === b.type && a.name === b.name;

/**
 * The path from `start` back to a node already on it, as words
 * (`["ring group sales", "time condition night", "ring group sales"]`), or
 * undefined. `first` is where `start` sends calls as about to be written;
 * `next` answers for every other node as stored.
 */
export function crossLoop(start: LoopNode, first: readonly LoopNode[], next: (n: LoopNode) => readonly LoopNode[]): string[] | undefined {
  const done: LoopNode[] = [];
  const walk = (path: LoopNode[], outs: readonly LoopNode[]): LoopNode[] | undefined => {
    for (const n of outs) {
      if (path.some((p) => same(p, n))) return [...path, n];
      if (done.some((d) => same(d, n))) continue;
      const found = walk([...path, n], next(n));
      if (found) return found;
      done.push(n);
    }
    return undefined;
  };
  return walk([start], first)?.map(label);
}
