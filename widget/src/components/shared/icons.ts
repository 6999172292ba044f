// The widget's icons: static inline SVG (decorative, hidden from assistive technology).
import { svg, type SVGTemplateResult } from 'lit';

const icon = (path: SVGTemplateResult) =>
  svg`<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${path}</svg>`;

export const icons = {
  chat: icon(svg`<path d="M4 5h16v11H9l-5 4z"/>`),
  close: icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`),
  back: icon(svg`<path d="M15 18l-6-6 6-6"/>`),
  archive: icon(svg`<path d="M3 7h18v4H3zM5 11v8h14v-8M10 15h4"/>`),
  refresh: icon(svg`<path d="M20 12a8 8 0 1 1-2.34-5.66M20 4v5h-5"/>`),
  send: icon(svg`<path d="M4 12l16-8-6 16-2-6z"/>`),
  reply: icon(svg`<path d="M10 8L4 13l6 5M4 13h10a6 6 0 0 1 6 6"/>`),
  trash: icon(svg`<path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13"/>`),
  block: icon(svg`<circle cx="12" cy="12" r="8"/><path d="M6.5 6.5l11 11"/>`),
  flag: icon(svg`<path d="M5 21V4M5 4h11l-2 4 2 4H5"/>`),
  image: icon(svg`<rect x="4" y="5" width="16" height="14" rx="2"/><path d="M4 16l5-5 4 4 3-3 4 4"/>`),
};
