// The demo marketplace's site and users (contract section 7).
import { DEMO_SITE_ID } from '../identity/sites.repository.ts';

/** The demo site's id and secret: for local use only, never in production (refused outside demo mode). */
export const DEMO_SITE = { id: DEMO_SITE_ID, name: 'Parley demo marketplace', secret: 'demo-secret-change-me' } as const;

/**
 * Demo users: alice and dave buy, bob and carol sell. Their tokens carry an email address (the demo's
 * mail page shows what they would receive) and a language: bob reads his emails in French.
 */
export const DEMO_USERS: Record<string, { name: string; role: 'buyer' | 'seller'; email: string; locale: string }> = {
  alice: { name: 'Alice Martin', role: 'buyer', email: 'alice@demo.example', locale: 'en' },
  dave: { name: 'Dave Laurent', role: 'buyer', email: 'dave@demo.example', locale: 'en' },
  bob: { name: 'Bob Durand', role: 'seller', email: 'bob@demo.example', locale: 'fr' },
  carol: { name: 'Carol Petit', role: 'seller', email: 'carol@demo.example', locale: 'en' },
};

/** Seconds a demo message stays unread before the demo "emails" it: short, so that a first try sees it. */
export const DEMO_EMAIL_DELAY_SECONDS = 20;

/** Origins the demo site allows: the server's and the partner page's, under both loopback names. */
export function demoOrigins(ports: number[]): string[] {
  return [...new Set(ports)].flatMap((p) => [`http://localhost:${p}`, `http://127.0.0.1:${p}`]);
}
