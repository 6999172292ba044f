// The demo marketplace's site and users (contract section 7).

/** The demo site's id and secret: for local use only, never in production. */
export const DEMO_SITE = { id: 'demo', name: 'Parley demo marketplace', secret: 'demo-secret-change-me' } as const;

/** Demo users: alice and dave buy, bob and carol sell. */
export const DEMO_USERS: Record<string, { name: string; role: 'buyer' | 'seller' }> = {
  alice: { name: 'Alice Martin', role: 'buyer' },
  dave: { name: 'Dave Laurent', role: 'buyer' },
  bob: { name: 'Bob Durand', role: 'seller' },
  carol: { name: 'Carol Petit', role: 'seller' },
};

/** Origins the demo site allows: the server's and the partner page's, under both loopback names. */
export function demoOrigins(ports: number[]): string[] {
  return [...new Set(ports)].flatMap((p) => [`http://localhost:${p}`, `http://127.0.0.1:${p}`]);
}
