/**
 * The `/` filter: a case-insensitive regex over a row's text; a leading `!`
 * keeps the rows that do NOT match. A pattern that is not a valid regex is
 * matched literally and reported, so a typo never empties the screen silently.
 */
export type RowFilter = {
  source: string;
  inverted: boolean;
  /** Why the pattern was taken literally, when it was not a valid regex. */
  error?: string;
  test(text: string): boolean;
};

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function parseFilter(source: string): RowFilter {
  const inverted = source.startsWith("!");
  const pattern = inverted ? source.slice(1) : source;
  let re: RegExp;
  let error: string | undefined;
  try {
    re = new RegExp(pattern, "iu");
  } catch (err) {
    error = (err as Error).message.replace(/^Invalid regular expression: /, "");
    re = new RegExp(escapeRegex(pattern), "iu");
  }
  return {
    source,
    inverted,
    error,
    test: (text) => re.test(text) !== inverted,
  };
}
