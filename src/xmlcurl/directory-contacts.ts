import type { LiveView, Registration } from "../esl/live-types.ts";

/**
 * Where each extension's phones are registered, from the registrations
 * callboard mirrors over ESL, kept by user as changes arrive: a directory
 * answer reads one user's few contacts instead of filtering every
 * registration of the PBX (the live snapshot is rebuilt after each change,
 * which under a registration storm is after nearly every request).
 */
export type DirectoryContacts = {
  /** The dial URIs of the user's unexpired registrations on `internal` in the SIP domain. */
  of(user: string, now: number): string[];
  stop(): void;
};

/**
 * `onChange(user)` runs whenever the set of a user's contacts changes (a new
 * phone, one gone or moved): FreeSWITCH's cached copy of that user holds
 * them in its dial string. A re-REGISTER that only moves the expiry is not a
 * change.
 */
export function createDirectoryContacts(live: LiveView, domain: string, onChange: (user: string) => void): DirectoryContacts {
  const realm = domain.toLowerCase();
  const byId = new Map<string, Registration>();
  const byUser = new Map<string, Map<string, Registration>>();
  const rings = (r: Registration) => r.profile === "internal" && r.realm.toLowerCase() === realm;

  const remove = (id: string): Registration | undefined => {
    const old = byId.get(id);
    if (!old) return undefined;
    byId.delete(id);
    const mine = byUser.get(old.user);
    mine?.delete(id);
    if (mine?.size === 0) byUser.delete(old.user);
    return old;
  };
  const upsert = (reg: Registration): Registration | undefined => {
    const old = remove(reg.id);
    byId.set(reg.id, reg);
    let mine = byUser.get(reg.user);
    if (!mine) byUser.set(reg.user, (mine = new Map()));
    mine.set(reg.id, reg);
    return old;
  };
  const sameContact = (a: Registration, b: Registration) =>
    a.user === b.user && a.dialUri === b.dialUri && a.profile === b.profile && a.realm === b.realm;

  for (const reg of live.snapshot().registrations) upsert(reg);
  const unsubscribe = live.subscribe((change) => {
    if (change.kind !== "registration") return;
    if (change.op === "upsert") {
      const old = upsert(change.value);
      if (old && sameContact(old, change.value)) return;
      if (old && old.user !== change.value.user && rings(old)) onChange(old.user);
      if (rings(change.value) || (old && rings(old))) onChange(change.value.user);
    } else {
      const old = remove(change.key);
      if (old && rings(old)) onChange(old.user);
    }
  });

  return {
    of(user, now) {
      const mine = byUser.get(user);
      if (!mine) return [];
      const out: string[] = [];
      for (const r of mine.values()) if (r.expiresAt > now && rings(r)) out.push(r.dialUri);
      return out;
    },
    stop: unsubscribe,
  };
}
