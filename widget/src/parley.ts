// The embed build's entry (dist/parley.js, dist/parley.iife.js): registers the elements and installs window.Parley.
import { defineParleyElements } from './define.ts';
import { installParley } from './embed/parley-global.ts';
import { findOwnScript, readScriptConfig } from './embed/script-config.ts';

declare const __PARLEY_VERSION__: string;

try {
  // import.meta.url names this module in the ES build; the classic build finds itself as currentScript.
  const moduleUrl = typeof import.meta !== 'undefined' && import.meta.url ? import.meta.url : null;
  installParley(readScriptConfig(findOwnScript(moduleUrl)), typeof __PARLEY_VERSION__ === 'string' ? __PARLEY_VERSION__ : 'dev');
  defineParleyElements();
} catch (err) {
  // The widget never throws into the host page.
  console.error('[parley] could not start', err);
}
