/**
 * Just enough of a Dockerfile reader for tests that check what an image
 * would run, with no Docker daemon and no registry: instructions per stage,
 * continuation lines joined, comments and the parser directive dropped.
 */
export type Instruction = { keyword: string; args: string };
export type Stage = { from: string; name?: string; instructions: Instruction[] };

export function readDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line.startsWith("#") || (line === "" && pending === "")) continue;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(pending + line);
    pending = "";
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === "FROM") {
      const [, from = "", name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ from, name, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: upper, args });
    }
  }
  return stages;
}

export const argsOf = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

/** HEALTHCHECK's command, as the shell-form string Docker runs with `/bin/sh -c`. */
export function healthcheckCommand(stage: Stage): string | undefined {
  const [args] = argsOf(stage, "HEALTHCHECK");
  return args?.replace(/^(--\S+\s+)*CMD\s+/, "");
}

/** COPY sources from the build context (not from another stage), each with its destination. */
export function contextCopies(stage: Stage): { source: string; destination: string }[] {
  return argsOf(stage, "COPY")
    .filter((args) => !/--from=/.test(args))
    .flatMap((args) => {
      const paths = args.split(/\s+/).filter((w) => !w.startsWith("--"));
      const destination = paths.pop()!;
      return paths.map((source) => ({ source, destination }));
    });
}
