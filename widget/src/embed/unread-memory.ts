// The last unread count known on this device, per Parley server and user: the loader's bubble shows it at first paint.

/** What is remembered: whose count it is and the count. */
export interface UnreadMemory {
  user: string;
  total: number;
}

const keyFor = (server: string) => `parley-unread:${server}`;

/** The remembered count for `server`, or null (none, unreadable storage, or a malformed entry). */
export function readUnreadMemory(server: string): UnreadMemory | null {
  try {
    const value = JSON.parse(localStorage.getItem(keyFor(server)) ?? 'null') as Partial<UnreadMemory> | null;
    if (value && typeof value.user === 'string' && Number.isSafeInteger(value.total) && value.total! >= 0)
      return { user: value.user, total: value.total! };
  } catch {
    // storage refused (privacy mode, sandboxed frame) or a hand-edited entry: nothing is remembered
  }
  return null;
}

/** Remembers `memory` for `server`, or forgets it with null (sign-out, logout). */
export function writeUnreadMemory(server: string, memory: UnreadMemory | null): void {
  try {
    if (memory) localStorage.setItem(keyFor(server), JSON.stringify(memory));
    else localStorage.removeItem(keyFor(server));
  } catch {
    // storage refused or full: the bubble then starts from zero, which the live count corrects
  }
}
