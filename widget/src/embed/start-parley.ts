// startParley(): what the script tag does, for an app that imports the package instead (React, Vue, a bundler).
import { installParley, type ParleyConfig, type ParleyGlobal } from './parley-global.ts';

declare const __PARLEY_VERSION__: string;

/**
 * Installs `window.Parley` (once per page) and applies `config`, as `<script src=".../parley.js"
 * data-token-url=...>` followed by `Parley.configure(config)` would. `server` is required: an app
 * that bundles the package is not served by Parley. Returns `window.Parley`.
 */
export function startParley(config: ParleyConfig & { server: string }): ParleyGlobal {
  const parley = installParley(
    {
      server: config.server,
      tokenUrl: config.tokenUrl ?? null,
      loginUrl: config.loginUrl ?? null,
      inboxUrl: config.inboxUrl ?? null,
      locale: config.locale ?? null,
      titleBadge: config.titleBadge !== false,
    },
    typeof __PARLEY_VERSION__ === 'string' ? __PARLEY_VERSION__ : 'dev',
  );
  parley.configure(config);
  return parley;
}
