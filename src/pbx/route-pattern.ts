/**
 * Outbound route patterns are regexes an admin types, matched against every
 * dialled number. They are accepted only from a small grammar whose every
 * atom is a digit (`5`, `\d`, `[0-9]`) or a leading `\+`, so a pattern can
 * only ever match digits with an optional leading +, is anchored at both
 * ends, and cannot make the matcher backtrack for long: no group of varying
 * length is repeated, and the number of ways the pattern can split a number
 * (alternatives × quantifier spans, multiplied) is bounded. Without that
 * bound `^\d*\d*\d*…5$` took minutes on 20 digits and froze the dialplan.
 */

export type PatternCheck = { ok: true; regex: RegExp } | { ok: false; reason: string };

const MAX_LENGTH = 200;
/** Dialled numbers are at most 20 digits, so larger repeat counts only hide mistakes. */
const MAX_REPEAT = 20;
/** Real routes need a handful of choices (`^\+?(8|998)?(\d{9})$` has 8); this is generous and still fast. */
const MAX_CHOICES = 1_000;

/** `variable`: the frame can match strings of different lengths (a ?, *, +, {n,m} or |). */
type Frame = { variable: boolean; atoms: number; plus: boolean; alternatives: number };

class PatternError extends Error {}

export function checkRoutePattern(pattern: string): PatternCheck {
  if (pattern.length > MAX_LENGTH) return { ok: false, reason: `must be at most ${MAX_LENGTH} characters` };
  if (!pattern.startsWith("^") || !pattern.endsWith("$") || isEscapedAt(pattern, pattern.length - 1) || pattern.length < 3) {
    return { ok: false, reason: "must be anchored: start with ^ and end with $, e.g. ^\\+?(998\\d{9})$" };
  }
  try {
    parseBody(pattern.slice(1, -1));
  } catch (err) {
    if (err instanceof PatternError) return { ok: false, reason: err.message };
    throw err;
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (err) {
    return { ok: false, reason: `does not compile: ${(err as Error).message}` };
  }
  if (regex.test("") || regex.test("+")) return { ok: false, reason: "must not match an empty number" };
  return { ok: true, regex };
}

function isEscapedAt(s: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && s[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 1;
}

function parseBody(body: string) {
  const stack: Frame[] = [{ variable: false, atoms: 0, plus: false, alternatives: 1 }];
  let anyAtom = false;
  let choices = 1;
  const choose = (options: number) => {
    choices *= options;
    if (choices > MAX_CHOICES) {
      throw new PatternError("has too many optional parts and alternatives: matching it could take too long; simplify it");
    }
  };
  /** What a quantifier would apply to: undefined right after `(`, `|` or at the start. */
  let previous: { group?: Frame } | undefined;
  let i = 0;
  const top = () => stack[stack.length - 1]!;
  const atom = (group?: Frame) => {
    top().atoms++;
    anyAtom = true;
    previous = { group };
  };

  while (i < body.length) {
    const ch = body[i]!;
    if (ch >= "0" && ch <= "9") {
      atom();
      i++;
    } else if (ch === "\\") {
      const next = body[i + 1];
      if (next === "d") atom();
      else if (next === "+") {
        if (anyAtom) throw new PatternError("a + may only be the first character: ^\\+?…");
        for (const frame of stack) frame.plus = true;
        atom();
      } else throw new PatternError(`only \\d and \\+ may be escaped (found \\${next ?? ""})`);
      i += 2;
    } else if (ch === "[") {
      i = parseClass(body, i);
      atom();
    } else if (ch === "(") {
      if (body.startsWith("(?:", i)) i += 3;
      else if (body[i + 1] === "?") throw new PatternError("only plain (…) and (?:…) groups are allowed");
      else i++;
      stack.push({ variable: false, atoms: 0, plus: false, alternatives: 1 });
      previous = undefined;
    } else if (ch === ")") {
      if (stack.length === 1) throw new PatternError("has an unmatched )");
      const group = stack.pop()!;
      if (group.atoms === 0) throw new PatternError("has an empty group ()");
      choose(group.alternatives);
      if (group.variable) top().variable = true;
      atom(group);
      i++;
    } else if (ch === "|") {
      if (stack.length === 1) throw new PatternError("alternatives (|) must be inside a group, e.g. ^(998|999)\\d{9}$, or the anchors stop applying");
      top().atoms = Math.max(top().atoms, 1);
      top().variable = true;
      top().alternatives++;
      previous = undefined;
      i++;
    } else if (ch === "?" || ch === "*" || ch === "+" || ch === "{") {
      if (!previous) throw new PatternError(`has a quantifier ${ch} with nothing to repeat`);
      const { end, repeats, variable, span } = parseQuantifier(body, i);
      choose(span);
      if (previous.group?.plus && repeats) throw new PatternError("a + may only be the first character: ^\\+?…");
      if (previous.group?.variable && repeats) {
        throw new PatternError("must not repeat a group of varying length (e.g. (\\d+)+ or (1|12)+): it can take exponential time");
      }
      if (variable) top().variable = true;
      previous = undefined;
      i = end;
      if (body[i] === "?") i++;
    } else if (ch === "^" || ch === "$") {
      throw new PatternError(`may use ${ch} only at the very ${ch === "^" ? "start" : "end"}`);
    } else {
      throw new PatternError(`may contain only digits, \\d, \\+, [0-9] classes, groups, | and quantifiers (found ${JSON.stringify(ch)})`);
    }
  }
  if (stack.length !== 1) throw new PatternError("has an unclosed (");
  if (top().atoms === 0) throw new PatternError("must match at least one digit");
}

/** `[…]` holding digits, digit ranges and \d; returns the index after `]`. */
function parseClass(body: string, start: number): number {
  let i = start + 1;
  if (body[i] === "^") throw new PatternError("must not use negated classes [^…]: they match more than digits");
  let members = 0;
  while (i < body.length && body[i] !== "]") {
    const ch = body[i]!;
    if (ch === "\\" && body[i + 1] === "d") {
      i += 2;
    } else if (ch >= "0" && ch <= "9") {
      if (body[i + 1] === "-" && body[i + 2] !== "]") {
        const to = body[i + 2];
        if (!to || to < "0" || to > "9" || to < ch) throw new PatternError("classes may hold only digit ranges like [2-9]");
        i += 3;
      } else i++;
    } else {
      throw new PatternError(`classes may hold only digits, ranges and \\d (found ${JSON.stringify(ch)})`);
    }
    members++;
  }
  if (body[i] !== "]") throw new PatternError("has an unclosed [");
  if (members === 0) throw new PatternError("has an empty class []");
  return i + 1;
}

/**
 * Where the quantifier ends, whether it can repeat more than once, whether
 * its count varies, and how many counts it can take (unbounded ones count as
 * the longest number).
 */
function parseQuantifier(body: string, start: number): { end: number; repeats: boolean; variable: boolean; span: number } {
  const ch = body[start];
  if (ch === "?") return { end: start + 1, repeats: false, variable: true, span: 2 };
  if (ch === "*" || ch === "+") return { end: start + 1, repeats: true, variable: true, span: MAX_REPEAT + 1 };
  const match = /^\{(\d{1,3})(,(\d{1,3})?)?\}/.exec(body.slice(start));
  if (!match) throw new PatternError("has a malformed {n,m} quantifier");
  const min = Number(match[1]);
  const max = match[2] ? (match[3] === undefined ? Infinity : Number(match[3])) : min;
  if (min > max) throw new PatternError(`has {${min},${max}} with min above max`);
  if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) {
    throw new PatternError(`repeats at most ${MAX_REPEAT} times: numbers are never longer`);
  }
  const span = (max === Infinity ? MAX_REPEAT : max) - min + 1;
  return { end: start + match[0].length, repeats: max > 1, variable: min !== max, span };
}
