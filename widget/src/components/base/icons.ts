// The widget's icons: static inline SVG (decorative, hidden from assistive technology).
import { svg } from 'lit';
import { CHAT_ICON_PATH } from './icon-paths.ts';

/**
 * Each icon is one path in one template: a message row shows two of them, and every nested template
 * is one more instance to clone (200 rows opened at once made that visible). Circles and rectangles
 * are written as path data for the same reason.
 */
const icon = (d: string) =>
  svg`<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d=${d}/></svg>`;

export const icons = {
  chat: icon(CHAT_ICON_PATH),
  close: icon('M6 6l12 12M18 6L6 18'),
  back: icon('M15 18l-6-6 6-6'),
  archive: icon('M3 7h18v4H3zM5 11v8h14v-8M10 15h4'),
  refresh: icon('M20 12a8 8 0 1 1-2.34-5.66M20 4v5h-5'),
  send: icon('M4 12l16-8-6 16-2-6z'),
  reply: icon('M10 8L4 13l6 5M4 13h10a6 6 0 0 1 6 6'),
  trash: icon('M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13'),
  block: icon('M4 12a8 8 0 1 0 16 0a8 8 0 1 0-16 0M6.5 6.5l11 11'),
  bell: icon('M6 16v-5a6 6 0 0 1 12 0v5l2 2H4zM10 21h4'),
  bellOff: icon('M6 16v-5a6 6 0 0 1 12 0v5l2 2H4zM10 21h4M3 3l18 18'),
  speaker: icon('M4 9h4l5-4v14l-5-4H4zM16 9a4 4 0 0 1 0 6'),
  speakerOff: icon('M4 9h4l5-4v14l-5-4H4zM16 9l5 6M21 9l-5 6'),
  flag: icon('M5 21V4M5 4h11l-2 4 2 4H5'),
  image: icon('M6 5h12a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2zM4 16l5-5 4 4 3-3 4 4'),
};
