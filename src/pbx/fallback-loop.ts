/**
 * Loops that pass through ring groups, time conditions and queues together:
 * a group falling back to a condition whose open or closed side is that
 * group again would transfer the call round for ever, and so would a queue
 * whose fallback led back to it. Each kind's own loops (fallbackLoop,
 * timeConditionLoop) stay where they are; this walks the kinds together.
 */

/** A ring group, a time condition or a queue, as a fallback or destination names it. */
export type LoopNode = { type: "ring_group" | "time_condition" | "queue"; name: string };

const LABELS: Record<LoopNode["type"], string> = { ring_group: "ring group", time_condition: "time condition", queue: "queue" };
const label = (n: LoopNode) => `${LABELS[n.type]} ${n.name}`;
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
