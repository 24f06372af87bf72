/**
 * A headers object that looks each header up on demand and reads like a
 * plain one: lookups and `in` ask `header`; the first time something wants
 * every header (Object.keys, spreading, JSON.stringify, a deep-equal) the
 * whole set is read once into the target, which answers from then on.
 */
export function lazyHeaders(source: HeaderSource): Readonly<Record<string, string>> {
  return new Proxy({}, new LazyHeaders(source));
}

export type HeaderSource = {
  /** One header's value, or undefined when there is none. */
  header(name: string): string | undefined;
  /** Every header, or undefined when they cannot be read. */
  every(): Record<string, string> | undefined;
};

class LazyHeaders implements ProxyHandler<Record<string, string>> {
  private whole = false;
  constructor(private readonly source: HeaderSource) {}

  private all(target: Record<string, string>): Record<string, string> {
    if (!this.whole) {
      this.whole = true;
      Object.assign(target, this.source.every());
    }
    return target;
  }

  get(target: Record<string, string>, key: string | symbol): unknown {
    if (!this.whole && typeof key === "string") {
      const value = this.source.header(key);
      if (value !== undefined) return value;
    }
    return Reflect.get(target, key);
  }
  has(target: Record<string, string>, key: string | symbol): boolean {
    return (!this.whole && typeof key === "string" && this.source.header(key) !== undefined) || Reflect.has(target, key);
  }
  ownKeys(target: Record<string, string>): (string | symbol)[] {
    return Reflect.ownKeys(this.all(target));
  }
  getOwnPropertyDescriptor(target: Record<string, string>, key: string | symbol): PropertyDescriptor | undefined {
    return Reflect.getOwnPropertyDescriptor(this.all(target), key);
  }
  set(target: Record<string, string>, key: string | symbol, value: unknown): boolean {
    return Reflect.set(this.all(target), key, value);
  }
  deleteProperty(target: Record<string, string>, key: string | symbol): boolean {
    return Reflect.deleteProperty(this.all(target), key);
  }
  defineProperty(target: Record<string, string>, key: string | symbol, descriptor: PropertyDescriptor): boolean {
    return Reflect.defineProperty(this.all(target), key, descriptor);
  }
}
