// The loaders' entry (dist/parley.js, dist/parley.iife.js): window.Parley, the first paint, and the runtime on demand.
import { CONVERSATION_PARAM } from '../embed/page-config.ts';
import type { ParleyConfig, ParleyGlobal } from '../embed/parley-global.ts';
import { findOwnScript, readScriptConfig, type ScriptConfig } from '../embed/script-config.ts';
import { readUnreadMemory, writeUnreadMemory } from '../embed/unread-memory.ts';
import { paintAll, PAINTED_TAGS, type FirstPaintOptions } from './first-paint.ts';
import { loadModeOf, scheduleLoad } from './load-mode.ts';

declare const __PARLEY_VERSION__: string;
/** The runtime chunk's file name (content-hashed), next to the loader; set by the build. */
declare const __PARLEY_RUNTIME__: string;

/** What the runtime chunk exports (widget/src/runtime.ts). */
interface Runtime {
  start(script: ScriptConfig): Promise<void>;
}

/** Marks this loader's `window.Parley`, so that a second copy of the script does nothing. */
const FACADE = Symbol.for('parley.facade');
/** Marks the runtime's `window.Parley` (embed/parley-global.ts). */
const INSTALLED = Symbol.for('parley.loader');

type PageGlobal = { Parley?: Partial<ParleyGlobal> & { q?: unknown[]; [FACADE]?: true; [INSTALLED]?: true } };

try {
  boot();
} catch (err) {
  // The widget never throws into the host page.
  console.error('[parley] could not start', err);
}

function boot(): void {
  const w = window as unknown as PageGlobal;
  if (w.Parley && (FACADE in w.Parley || INSTALLED in w.Parley)) return; // loaded twice: the first copy is in charge
  // import.meta.url names this module in the ES build; the classic build finds itself as currentScript.
  const moduleUrl = typeof import.meta !== 'undefined' && import.meta.url ? import.meta.url : null;
  const tag = findOwnScript(moduleUrl);
  const script = readScriptConfig(tag);
  const server = script.server ?? location.origin;
  const runtimeUrl = new URL(__PARLEY_RUNTIME__, tag?.src || moduleUrl || `${server}/`).href;
  const version = typeof __PARLEY_VERSION__ === 'string' ? __PARLEY_VERSION__ : 'dev';

  // Calls made before the runtime arrives wait here (with any a host stub queued); the runtime replays them.
  const queue: unknown[] = Array.isArray(w.Parley?.q) ? w.Parley.q : [];
  const installed = () => (w.Parley && w.Parley !== facade ? (w.Parley as ParleyGlobal) : null);
  const facade = {
    [FACADE]: true as const,
    q: queue,
    version,
    configure(config: ParleyConfig) {
      const real = installed();
      if (real) real.configure(config);
      else queue.push(['configure', config]);
    },
    async logout() {
      writeUnreadMemory(server, null);
      await load().catch(() => {});
      await installed()?.logout();
    },
  };
  w.Parley = facade;

  const pending = new Set<HTMLElement>();
  const painted = new Set<HTMLElement>();
  const queuedLocale = queue
    .filter((e): e is unknown[] => Array.isArray(e) && e[0] === 'configure')
    .map((e) => (e[1] as ParleyConfig | undefined)?.locale)
    .filter(Boolean)
    .pop();
  const options: FirstPaintOptions = {
    locale: queuedLocale ?? script.locale,
    unread: readUnreadMemory(server),
    onClick(element) {
      pending.add(element);
      void load().catch(() => {});
    },
  };
  const isParley = (target: EventTarget) =>
    target instanceof Element && (PAINTED_TAGS as readonly string[]).includes(target.localName);

  let loading: Promise<void> | null = null;
  function load(): Promise<void> {
    loading ??= import(/* @vite-ignore */ runtimeUrl).then(
      (runtime: Runtime) => arrived(runtime),
      (err: unknown) => {
        loading = null;
        for (const element of pending) element.shadowRoot?.querySelector('button')?.setAttribute('aria-busy', 'false');
        pending.clear();
        console.error('[parley] the runtime could not be loaded', err);
        throw err;
      },
    );
    return loading;
  }

  const watchPage = (added: HTMLElement[]) => {
    for (const element of added) painted.add(element);
    // The inbox page (an inline chat) and a link to a conversation need the messenger now.
    if (added.some((e) => e.localName === 'parley-chat' && e.hasAttribute('inline'))) void load().catch(() => {});
  };
  const observer = new MutationObserver((records) => {
    for (const record of records)
      for (const node of Array.from(record.addedNodes)) if (node instanceof HTMLElement) watchPage(paintAll(node, options));
  });
  observer.observe(document, { childList: true, subtree: true });
  watchPage(paintAll(document, options));
  const stopWaiting = scheduleLoad(
    new URLSearchParams(location.search).has(CONVERSATION_PARAM) ? 'eager' : loadModeOf(tag?.dataset.load),
    () => void load().catch(() => {}),
    isParley,
  );

  async function arrived(runtime: Runtime): Promise<void> {
    observer.disconnect();
    stopWaiting();
    const focused = [...painted].find((e) => e.isConnected && e.shadowRoot?.activeElement);
    // The chunk was evaluated in this task: starting it in the next keeps each task short.
    await new Promise((resolve) => setTimeout(resolve, 0));
    await runtime.start(script); // defines the elements: the painted ones upgrade in place, keeping their shadow roots
    for (const element of [...pending, ...(focused ? [focused] : [])]) {
      await (element as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
      const button = element.shadowRoot?.querySelector('button');
      if (element === focused) button?.focus();
      if (pending.has(element)) button?.click(); // the click made while the runtime was on its way
    }
    pending.clear();
    painted.clear();
  }
}
