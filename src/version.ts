import pkg from "../package.json" with { type: "json" };

/** package.json's version; imported, so a compiled binary carries it. */
export const VERSION: string = pkg.version;
