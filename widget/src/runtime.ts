// The runtime chunk the loaders import (dist/parley-runtime-<hash>.js): the client, Socket.IO, the elements and window.Parley.
import { defineParleyElements } from './define.ts';
import { installParley } from './embed/parley-global.ts';
import type { ScriptConfig } from './embed/script-config.ts';

declare const __PARLEY_VERSION__: string;

/**
 * Starts Parley on the page: replaces the loader's `window.Parley` (replaying what was queued on it)
 * and, in a later task, defines the elements, which upgrade the loader's painted ones in place. Two
 * tasks rather than one long one: the host page's input is handled in between. Never throws.
 */
export async function start(script: ScriptConfig): Promise<void> {
  try {
    installParley(script, typeof __PARLEY_VERSION__ === 'string' ? __PARLEY_VERSION__ : 'dev');
    await new Promise((resolve) => setTimeout(resolve, 0));
    defineParleyElements();
  } catch (err) {
    console.error('[parley] could not start', err);
  }
}
