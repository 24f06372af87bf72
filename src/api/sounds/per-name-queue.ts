/**
 * Runs work for one name after the work already queued for it, whatever
 * that work's outcome; different names do not wait for each other. A sound's
 * row and its file change in two steps (a transaction, then a rename or a
 * removal): two requests for one name must not interleave those steps, or
 * the row could describe one upload while the file holds the other.
 * In-process only: callboard is one process owning its sounds dir.
 */
export function createPerNameQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return function run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const result = (tails.get(name) ?? Promise.resolve()).then(work);
    const tail = result.catch(() => undefined);
    tails.set(name, tail);
    void tail.then(() => {
      if (tails.get(name) === tail) tails.delete(name);
    });
    return result;
  };
}
