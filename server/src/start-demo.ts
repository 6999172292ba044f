// `npm start`: the server in demo mode on the embedded database unless DATABASE_URL says otherwise.
export {};
process.env.PARLEY_DEMO ??= '1';
await import('./index.ts');
