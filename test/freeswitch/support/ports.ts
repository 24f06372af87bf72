import { createSocket } from "node:dgram";
import { createServer } from "node:net";

/** A port free for both TCP and UDP on 127.0.0.1 (sofia binds both). */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once("error", reject);
      srv.listen(0, "127.0.0.1", () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    if (await udpFree(port)) return port;
  }
  throw new Error("no free port found on 127.0.0.1");
}

const udpFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const sock = createSocket("udp4");
    sock.once("error", () => resolve(false));
    sock.bind(port, "127.0.0.1", () => sock.close(() => resolve(true)));
  });

/**
 * sipp's `-mp`: sipp 3.6 binds audio RTP there and video RTP two ports up
 * (seen with ss), so both must be free. A tier run once failed on "Unable to
 * bind video RTP socket … Address already in use" with the base alone
 * checked.
 */
export async function freeMediaPorts(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = await freePort();
    if (await udpFree(base + 2)) return base;
  }
  throw new Error("no free UDP port pair (n, n+2) on 127.0.0.1");
}

/** A run of `count` consecutive free UDP ports (FreeSWITCH's RTP range). */
export async function freeUdpRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const start = 20000 + Math.floor(Math.random() * 20000);
    const socks = [];
    let ok = true;
    for (let p = start; p < start + count && ok; p++) {
      const sock = createSocket("udp4");
      ok = await new Promise<boolean>((resolve) => {
        sock.once("error", () => resolve(false));
        sock.bind(p, "127.0.0.1", () => resolve(true));
      });
      socks.push(sock);
    }
    await Promise.all(socks.map((s) => new Promise<void>((r) => { try { s.close(() => r()); } catch { r(); } })));
    if (ok) return start;
  }
  throw new Error("no free UDP range found on 127.0.0.1");
}
