// The user's alert settings on this device: the chat's sound toggle (per user) and desktop notification permission.
import type { Identity } from '../client/types.ts';

/** The localStorage key of one user's sound setting (per Parley server, site and user). */
export function soundKey(server: string, me: Identity): string {
  return `parley-sound:${server}:${me.siteId}:${me.userId}`;
}

/** True unless the user turned the sound off on this device (on by default; storage failures read as on). */
export function soundOn(key: string): boolean {
  try {
    return localStorage.getItem(key) !== 'off';
  } catch {
    return true; // storage refused (private mode, a sandbox): the default
  }
}

/** Remembers the user's choice on this device. */
export function setSoundOn(key: string, on: boolean): void {
  try {
    if (on) localStorage.removeItem(key);
    else localStorage.setItem(key, 'off');
  } catch (err) {
    console.warn('[parley] could not save the sound setting', err);
  }
}

/** The desktop notification permission, or null where the browser has no Notification API. */
export function notificationPermission(): NotificationPermission | null {
  return typeof Notification === 'function' ? Notification.permission : null;
}
