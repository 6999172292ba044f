// When the loader fetches the runtime: `data-load` = idle (default), interaction or eager; Save-Data turns idle into interaction.

/** The `data-load` values. */
export type LoadMode = 'idle' | 'interaction' | 'eager';

/** The mode for a `data-load` value (anything unknown is `idle`), with the user's Save-Data preference. */
export function loadModeOf(value: string | null | undefined, saveData = saveDataOn()): LoadMode {
  const mode: LoadMode = value === 'eager' || value === 'interaction' ? value : 'idle';
  return mode === 'idle' && saveData ? 'interaction' : mode;
}

/** True when the browser says the user asked to save data (`navigator.connection.saveData`). */
function saveDataOn(): boolean {
  return (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData === true;
}

/** Events that say someone is about to use a Parley element: a pointer over it, focus, a touch. */
const INTENT_EVENTS = ['pointerover', 'focusin', 'touchstart'] as const;

/**
 * Calls `load` when `mode` says so: now (eager), once the page has loaded and the browser is idle
 * (idle), or on the first pointer, focus or touch on an element `isParley` accepts (interaction;
 * idle waits for those too, whichever comes first). Returns the function that stops waiting.
 */
export function scheduleLoad(mode: LoadMode, load: () => void, isParley: (target: EventTarget) => boolean): () => void {
  const stops: (() => void)[] = [];
  const stop = () => stops.splice(0).forEach((s) => s());
  const go = () => {
    stop();
    load();
  };
  if (mode === 'eager') {
    go();
    return stop;
  }
  const onIntent = (event: Event) => {
    if (event.composedPath().some(isParley)) go();
  };
  for (const type of INTENT_EVENTS) {
    document.addEventListener(type, onIntent, { capture: true, passive: true });
    stops.push(() => document.removeEventListener(type, onIntent, { capture: true }));
  }
  if (mode === 'idle') {
    const whenIdle = () => {
      if (typeof requestIdleCallback === 'function') {
        const id = requestIdleCallback(go, { timeout: 5_000 });
        stops.push(() => cancelIdleCallback(id));
      } else {
        const id = setTimeout(go, 500); // Safari has no requestIdleCallback
        stops.push(() => clearTimeout(id));
      }
    };
    if (document.readyState === 'complete') whenIdle();
    else {
      window.addEventListener('load', whenIdle, { once: true });
      stops.push(() => window.removeEventListener('load', whenIdle));
    }
  }
  return stop;
}
