/**
 * The characters a number must start with for a route pattern to match it,
 * so a call skips the routes that cannot match without running their
 * regexes: with 200 routes, running every one costs more than the rest of the
 * answer. Only the grammar checkRoutePattern admits is understood; for
 * anything else (a row forced into SQLite) the answer is undefined and the
 * route's regex is always tried, so the filter can never hide a match.
 */

type Part = { first: Set<string>; nullable: boolean };

const DIGITS = "0123456789";

class Unknown extends Error {}

export function routeFirstChars(pattern: string): ReadonlySet<string> | undefined {
  if (!pattern.startsWith("^") || !pattern.endsWith("$") || pattern.length < 3) return undefined;
  const body = pattern.slice(1, -1);
  try {
    const reader = { body, i: 0 };
    const part = alternatives(reader);
    if (reader.i !== body.length) return undefined;
    return part.first;
  } catch (err) {
    if (err instanceof Unknown) return undefined;
    throw err;
  }
}

type Reader = { body: string; i: number };

function alternatives(r: Reader): Part {
  const result = sequence(r);
  while (r.body[r.i] === "|") {
    r.i++;
    const next = sequence(r);
    for (const c of next.first) result.first.add(c);
    result.nullable ||= next.nullable;
  }
  return result;
}

function sequence(r: Reader): Part {
  const first = new Set<string>();
  let nullable = true;
  while (r.i < r.body.length && r.body[r.i] !== "|" && r.body[r.i] !== ")") {
    const item = quantified(r);
    if (nullable) for (const c of item.first) first.add(c);
    nullable &&= item.nullable;
  }
  return { first, nullable };
}

function quantified(r: Reader): Part {
  const part = atom(r);
  const q = r.body[r.i];
  let min = 1;
  if (q === "?" || q === "*") {
    min = 0;
    r.i++;
  } else if (q === "+") {
    r.i++;
  } else if (q === "{") {
    const m = /^\{(\d{1,3})(?:,(\d{1,3})?)?\}/.exec(r.body.slice(r.i));
    if (!m) throw new Unknown();
    // {0} and {0,0} match nothing; counting their atom anyway only makes the set larger, never wrong.
    min = Number(m[1]);
    r.i += m[0].length;
  } else {
    return part;
  }
  if (r.body[r.i] === "?") r.i++;
  return { first: part.first, nullable: part.nullable || min === 0 };
}

function atom(r: Reader): Part {
  const ch = r.body[r.i];
  if (ch !== undefined && DIGITS.includes(ch)) {
    r.i++;
    return { first: new Set([ch]), nullable: false };
  }
  if (ch === "\\") {
    const next = r.body[r.i + 1];
    r.i += 2;
    if (next === "d") return { first: new Set(DIGITS), nullable: false };
    if (next === "+") return { first: new Set(["+"]), nullable: false };
    throw new Unknown();
  }
  if (ch === "[") return digitClass(r);
  if (ch === "(") {
    r.i += r.body.startsWith("(?:", r.i) ? 3 : 1;
    if (r.body[r.i] === "?") throw new Unknown();
    const inner = alternatives(r);
    if (r.body[r.i] !== ")") throw new Unknown();
    r.i++;
    return inner;
  }
  throw new Unknown();
}

function digitClass(r: Reader): Part {
  const first = new Set<string>();
  r.i++;
  if (r.body[r.i] === "^") throw new Unknown();
  while (r.i < r.body.length && r.body[r.i] !== "]") {
    const ch = r.body[r.i]!;
    if (ch === "\\" && r.body[r.i + 1] === "d") {
      for (const d of DIGITS) first.add(d);
      r.i += 2;
    } else if (DIGITS.includes(ch) && r.body[r.i + 1] === "-" && DIGITS.includes(r.body[r.i + 2] ?? "x")) {
      for (let d = Number(ch); d <= Number(r.body[r.i + 2]); d++) first.add(String(d));
      r.i += 3;
    } else if (DIGITS.includes(ch)) {
      first.add(ch);
      r.i++;
    } else {
      throw new Unknown();
    }
  }
  if (r.body[r.i] !== "]" || first.size === 0) throw new Unknown();
  r.i++;
  return { first, nullable: false };
}
