// The three lines `npm start` prints on a terminal: where the demo is, where its emails are, how to stop.

/** The welcome for a newcomer, for the demo listening on `port` (plain text, one line each). */
export function demoWelcome(port: number): string {
  const origin = `http://localhost:${port}`;
  return [
    `Parley demo: open ${origin} and sign in as alice or dave (buyers), bob or carol (sellers).`,
    `Emails the demo would send (kept in memory): ${origin}/demo/mail`,
    'Stop the server with Ctrl+C.',
  ].join('\n');
}
