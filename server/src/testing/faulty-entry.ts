// The real entry point plus a fault on demand: SIGUSR2 throws from a timer and leaves a promise rejected, as a missed bug would.
export {};
await import('../index.ts');

process.on('SIGUSR2', () => {
  setImmediate(() => {
    throw new Error('fault injected by a test: thrown from a timer');
  });
  void Promise.reject(new Error('fault injected by a test: rejected promise'));
});
