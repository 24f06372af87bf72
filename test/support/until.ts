/**
 * Waits for something a real socket will make true soon: polls every 10 ms
 * and fails with `what` after `ms`. A deadline, not a timing assertion.
 */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}
