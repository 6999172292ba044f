// The markup of the icons the loader paints before Lit arrives (icons.ts renders the same ones with Lit).

/** The chat icon's path. */
export const CHAT_ICON_PATH = 'M4 5h16v11H9l-5 4z';

/** The `<svg>` attributes every icon shares. */
export const ICON_SVG_ATTRIBUTES =
  'class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"';
