/**
 * Splits the bytes a client sends into commands the way mod_event_socket's
 * read_packet does: leading CR/LF are skipped, a command ends at the first
 * blank line (CR ignored), the first line is the command, the rest are
 * `Name: value` headers, and a `Content-Length` header pulls that many body
 * bytes after the blank line. Incomplete input waits for more bytes.
 */

export type ClientCommand = {
  /** The first line, without CR/LF. */
  readonly line: string;
  /** Header names lower-cased (FreeSWITCH looks them up case-insensitively). */
  readonly headers: ReadonlyMap<string, string>;
  readonly body?: string;
};

export type ReadResult = { commands: ClientCommand[]; oversize: boolean };

const LF = 0x0a;
const CR = 0x0d;

export class CommandReader {
  private buffer: Uint8Array = new Uint8Array(0);
  private readonly decoder = new TextDecoder();

  constructor(private readonly maxCommandBytes: number) {}

  push(chunk: Uint8Array): ReadResult {
    const merged = new Uint8Array(this.buffer.length + chunk.length);
    merged.set(this.buffer);
    merged.set(chunk, this.buffer.length);
    this.buffer = merged;
    const commands: ClientCommand[] = [];
    for (;;) {
      this.skipLeadingNewlines();
      const end = this.headerEnd();
      if (end === undefined) {
        return { commands, oversize: this.buffer.length > this.maxCommandBytes };
      }
      const head = this.decoder.decode(this.buffer.subarray(0, end.headEnd));
      const lines = head.split(/\r?\n/).map((l) => l.replace(/\r/g, ""));
      const headers = new Map<string, string>();
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(":");
        if (colon <= 0) continue;
        headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).replace(/^ +/, ""));
      }
      const length = Number.parseInt(headers.get("content-length") ?? "0", 10);
      const bodyLength = Number.isFinite(length) && length > 0 ? length : 0;
      if (bodyLength > this.maxCommandBytes) return { commands, oversize: true };
      if (this.buffer.length < end.next + bodyLength) return { commands, oversize: false };
      const body = bodyLength > 0 ? this.decoder.decode(this.buffer.subarray(end.next, end.next + bodyLength)) : undefined;
      this.buffer = this.buffer.slice(end.next + bodyLength);
      commands.push({ line: lines[0] ?? "", headers, ...(body === undefined ? {} : { body }) });
    }
  }

  private skipLeadingNewlines(): void {
    let start = 0;
    while (start < this.buffer.length && (this.buffer[start] === LF || this.buffer[start] === CR)) start++;
    if (start > 0) this.buffer = this.buffer.slice(start);
  }

  /** Where the header block ends: two LFs with nothing but CRs between them. */
  private headerEnd(): { headEnd: number; next: number } | undefined {
    let newlines = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const byte = this.buffer[i];
      if (byte === LF) {
        newlines++;
        if (newlines === 2) return { headEnd: i, next: i + 1 };
      } else if (byte !== CR) {
        newlines = 0;
      }
    }
    return undefined;
  }
}
