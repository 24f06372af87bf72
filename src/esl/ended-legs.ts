/**
 * The legs the live state saw end, so late events for them never bring a
 * channel back. Every channel event asks it and every hang-up grows it, at
 * call-centre rates: a copied Set would cost O(memory) per hang-up.
 *
 * It is a persistent value: an `EndedLegs` never changes once made. Versions
 * share one append-only log; a version reads only the entries written before
 * it and within the last `memory` of them, so adding to the newest version
 * appends in place, and adding to an older one (a branch) copies what it sees.
 */
export class EndedLegs {
  private constructor(
    private readonly log: Map<string, number>,
    /** Entries this version sees: those logged at positions below `size`. */
    readonly size: number,
    private readonly memory: number,
    private readonly tip: { size: number },
  ) {}

  static empty(memory: number): EndedLegs {
    return new EndedLegs(new Map(), 0, memory, { size: 0 });
  }

  has(uuid: string): boolean {
    const at = this.log.get(uuid);
    return at !== undefined && at < this.size && at >= this.size - this.memory;
  }

  add(uuid: string): EndedLegs {
    if (this.has(uuid)) return this;
    if (this.tip.size !== this.size) return this.branch().add(uuid);
    this.log.delete(uuid);
    this.log.set(uuid, this.size);
    this.tip.size = this.size + 1;
    // Forget what no version can see any more once the log is twice the memory.
    if (this.log.size > 2 * this.memory) {
      for (const [key, at] of this.log) {
        if (at >= this.tip.size - this.memory) break;
        this.log.delete(key);
      }
    }
    return new EndedLegs(this.log, this.size + 1, this.memory, this.tip);
  }

  private branch(): EndedLegs {
    const log = new Map<string, number>();
    let n = 0;
    for (const [key, at] of this.log) if (at < this.size && at >= this.size - this.memory) log.set(key, n++);
    return new EndedLegs(log, n, this.memory, { size: n });
  }
}
