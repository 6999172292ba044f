// The one client per page: elements find it here; the loader (Parley.configure) creates or replaces it.
import { ParleyClient } from './parley-client.ts';
import type { ParleyClientOptions } from './types.ts';

let current: ParleyClient | null = null;
const listeners = new Set<(client: ParleyClient | null) => void>();

/** The page's client, or null before it is configured. */
export function getPageClient(): ParleyClient | null {
  return current;
}

/** Installs (or removes, with null) the page's client and tells the elements. Does not start it. */
export function setPageClient(client: ParleyClient | null): void {
  if (client === current) return;
  current = client;
  for (const listener of [...listeners]) listener(client);
}

/** Creates, installs and starts the page's client, disposing of the previous one (kept cache, no wipe). */
export function createPageClient(options: ParleyClientOptions): ParleyClient {
  const previous = current;
  const client = new ParleyClient(options);
  if (previous) client.updateView(previous.state.view); // the chat stays where it was
  setPageClient(client);
  void previous?.dispose();
  void client.start();
  return client;
}

/** Calls `listener` whenever the page's client is replaced; returns the function that stops it. */
export function onPageClientChange(listener: (client: ParleyClient | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
