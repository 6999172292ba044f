// Reads the embedding `<script>` tag: where Parley is served from and its `data-*` settings.

/** What the script tag says (contract section 1). */
export interface ScriptConfig {
  /** `data-server`, else the origin the script was loaded from. */
  server: string | null;
  tokenUrl: string | null;
  loginUrl: string | null;
  inboxUrl: string | null;
  locale: string | null;
  /** `data-title-badge="off"` (or `false`) keeps the unread count out of the page's title. */
  titleBadge: boolean;
}

/**
 * Finds the script tag that loaded Parley: `document.currentScript` for the classic build, the
 * `<script type="module">` whose `src` is this module's URL for the ES build.
 */
export function findOwnScript(moduleUrl: string | null): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current;
  if (!moduleUrl) return null;
  for (const script of Array.from(document.scripts)) {
    if (script.src === moduleUrl) return script;
  }
  return null;
}

/** The settings of the script tag (all null without one). */
export function readScriptConfig(script: HTMLScriptElement | null): ScriptConfig {
  const data = script?.dataset ?? {};
  let server: string | null = data.server ?? null;
  if (!server && script?.src) {
    try {
      server = new URL(script.src, location.href).origin;
    } catch {
      server = null; // an unparsable src: installParley() falls back to the page's origin
    }
  }
  return {
    server,
    tokenUrl: data.tokenUrl ?? null,
    loginUrl: data.loginUrl ?? null,
    inboxUrl: data.inboxUrl ?? null,
    locale: data.locale ?? null,
    titleBadge: !/^(off|false)$/i.test(data.titleBadge ?? ''),
  };
}
