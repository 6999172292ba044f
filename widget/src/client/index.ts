// The client layer's public surface, for elements and for the loader (`window.Parley`).
export { ParleyClient, type ParleyClientEvents } from './parley-client.ts';
export { createPageClient, getPageClient, onPageClientChange, setPageClient } from './page-client.ts';
export { ParleyClientError } from './rest.ts';
export * from './selectors.ts';
export type * from './types.ts';
