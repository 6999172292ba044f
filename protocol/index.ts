// The wire contract shared by widget and server: types and constants only, no runtime logic.
export * from './models.ts';
export * from './events.ts';
export * from './rest.ts';
export * from './errors.ts';
export * from './limits.ts';
