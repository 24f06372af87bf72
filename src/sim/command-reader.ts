/**
 * Reads the commands a client sends, on the same frame parser callboard
 * reads FreeSWITCH with (src/esl/frame-parser.ts), the way mod_event_socket's
 * read_packet does: the first line is the command, the rest are headers
 * looked up case-insensitively, and a `Content-Length` header pulls that
 * many body bytes after the blank line.
 */
import { createFrameParser, headerLine, headerLines, type FrameParser } from "../esl/frame-parser.ts";

export type ClientCommand = {
  /** The first line, without CR/LF. */
  readonly line: string;
  /** Header names lower-cased (FreeSWITCH looks them up case-insensitively). */
  readonly headers: ReadonlyMap<string, string>;
  readonly body?: string;
};

export type ReadResult = { commands: ClientCommand[]; oversize: boolean };

export class CommandReader {
  private readonly reader: FrameParser;

  constructor(maxCommandBytes: number) {
    this.reader = createFrameParser(maxCommandBytes);
  }

  push(chunk: Uint8Array): ReadResult {
    const commands = this.reader.push(chunk).map(({ head, body }): ClientCommand => {
      const lines = headerLines(head);
      const headers = new Map<string, string>();
      for (const line of lines.slice(1)) {
        const header = headerLine(line);
        if (header) headers.set(header[0].toLowerCase(), header[1]);
      }
      return { line: lines[0] ?? "", headers, ...(body.length > 0 ? { body: body.toString("utf8") } : {}) };
    });
    return { commands, oversize: this.reader.oversize() };
  }
}
