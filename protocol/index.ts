// The wire contract shared by widget and server: types, constants and the one way text is measured against the limits.
export * from './models.ts';
export * from './admin.ts';
export * from './events.ts';
export * from './rest.ts';
export * from './errors.ts';
export * from './limits.ts';
export * from './text.ts';
export * from './safety.ts';
export * from './search-text.ts';
