import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {}

export type Command = {
  summary: string;
  /** Full `--help` text. */
  help: string;
  run(args: string[]): Promise<void>;
};

/** parseArgs with `--help` handled and unknown flags turned into a UsageError. */
export function parseFlags<O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O, help: string) {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(help);
    process.exit(0);
  }
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${help}`);
  }
}
