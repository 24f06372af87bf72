/**
 * The image's HEALTHCHECK: exit 0 when callboard answers /health where the
 * environment says it listens, 1 otherwise. Run by the callboard binary
 * itself as a Bun (BUN_BE_BUN=1), so the image needs no curl.
 */
const host = process.env.CALLBOARD_HTTP_HOST || "127.0.0.1";
const port = process.env.CALLBOARD_HTTP_PORT || "8080";
// A wildcard bind is reached on loopback; an IPv6 literal needs brackets in a URL.
const target = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "[::1]" : host.includes(":") ? `[${host}]` : host;

fetch(`http://${target}:${port}/health`, { signal: AbortSignal.timeout(4000) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
