// The widget's events: the public `parley-*` ones, the chat's internal ones, and the helper that dispatches both.
export * from './emit.ts';
export type * from './internal-events.ts';
export type * from './parley-events.ts';
