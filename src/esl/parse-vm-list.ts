/**
 * mod_voicemail's `vm_list <box>@<domain>/<profile>` reply: one line per
 * message, ten fields joined by `:` with nothing escaped
 * (`created:read:user:domain:folder:path:uuid:cid_name:cid_number:seconds`).
 * Only the caller's name can hold a `:` (a number cannot, a path under
 * callboard's voicemail dir cannot, a uuid and the epochs are fixed-form), so
 * the first seven fields are read from the left, the last two from the right,
 * and what lies between is the name. A line that does not fit is skipped and
 * counted, never guessed.
 */

export type VoicemailMessage = {
  uuid: string;
  /** Unix seconds. */
  createdEpoch: number;
  /** Unix seconds the message was first heard; 0 while it is new. */
  readEpoch: number;
  box: string;
  domain: string;
  folder: string;
  path: string;
  callerIdName: string;
  callerIdNumber: string;
  seconds: number;
};

export type VmList = { messages: VoicemailMessage[]; skipped: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIGITS = /^\d{1,12}$/;

function parseLine(line: string): VoicemailMessage | undefined {
  const parts = line.split(":");
  if (parts.length < 10) return undefined;
  const [created, read, box, domain, folder, path, uuid] = parts;
  const seconds = parts.at(-1)!;
  const callerIdNumber = parts.at(-2)!;
  const callerIdName = parts.slice(7, -2).join(":");
  if (!DIGITS.test(created!) || !DIGITS.test(read!) || !DIGITS.test(seconds) || !UUID.test(uuid!)) return undefined;
  if (!path!.startsWith("/")) return undefined;
  return {
    uuid: uuid!.toLowerCase(),
    createdEpoch: Number(created),
    readEpoch: Number(read),
    box: box!,
    domain: domain!,
    folder: folder!,
    path: path!,
    callerIdName,
    callerIdNumber,
    seconds: Number(seconds),
  };
}

/** Undefined when the reply is an error (`-ERR can't find user or profile.`: no such profile loaded). */
export function parseVmList(reply: string): VmList | undefined {
  if (reply.startsWith("-ERR") || reply.startsWith("Usage:")) return undefined;
  const messages: VoicemailMessage[] = [];
  let skipped = 0;
  for (const line of reply.split("\n")) {
    if (line.trim() === "") continue;
    const message = parseLine(line.replace(/\r$/, ""));
    if (message) messages.push(message);
    else skipped++;
  }
  return { messages, skipped };
}
