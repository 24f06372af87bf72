/** What the `status` api command tells: the switch's version, uptime and current sessions. */
export type StatusReport = { version?: string; uptimeMs?: number; sessions?: number };

const UNIT_MS: Record<string, number> = {
  year: 365 * 86_400_000,
  day: 86_400_000,
  hour: 3_600_000,
  minute: 60_000,
  second: 1000,
  millisecond: 1,
};

/**
 * `UP 0 years, 0 days, 0 hours, 1 minute, 0 seconds, 635 milliseconds, …`
 * `FreeSWITCH (Version 1.10.12-release git a88d069 …) is ready`
 * `1 session(s) - peak 2, last 5min 2`
 */
export function parseStatus(reply: string): StatusReport | undefined {
  const up = /^UP (.*)$/m.exec(reply)?.[1];
  if (up === undefined) return undefined;
  let uptimeMs = 0;
  for (const [, n, unit] of up.matchAll(/(\d+) (year|day|hour|minute|second|millisecond)s?\b/g)) {
    uptimeMs += Number(n) * (UNIT_MS[unit as string] ?? 0);
  }
  const version = shortVersion(/\(Version ([^)]+)\)/.exec(reply)?.[1]);
  const sessions = /^(\d+) session\(s\) - peak/m.exec(reply)?.[1];
  return {
    uptimeMs,
    ...(version ? { version } : {}),
    ...(sessions !== undefined ? { sessions: Number(sessions) } : {}),
  };
}

/**
 * `1.10.12-release git a88d069 …` (status) and `1.10.12-release+git~…` (HEARTBEAT)
 * are the same build; both become `1.10.12-release` so a resync does not flip it.
 */
export function shortVersion(raw: string | undefined): string | undefined {
  return raw ? (/^[^\s+~]+/.exec(raw)?.[0] ?? raw) : undefined;
}
