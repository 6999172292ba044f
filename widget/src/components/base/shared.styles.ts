// Styles every Parley element shares: box model, focus rings, buttons, visually hidden text.
import { css } from 'lit';

export const sharedStyles = css`
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  [hidden] {
    display: none !important;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  button,
  textarea,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
    opacity: 0.6;
  }
  :focus-visible {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
  .icon {
    display: block;
    flex: none;
  }
  .icon-button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 32px;
    min-height: 32px;
    padding: 6px;
    border: 0;
    border-radius: 8px;
    background: transparent;
  }
  .icon-button:hover {
    background: var(--_surface);
  }
  .text-button {
    padding: 6px 12px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_bg);
  }
  .primary-button {
    padding: 6px 12px;
    border: 0;
    border-radius: 8px;
    background: var(--_primary);
    color: var(--_on-primary);
  }
`;

/** What the conversation list and the thread both show: the loading line, a missing picture, the presence dot. */
export const contentStyles = css`
  .placeholder {
    padding: 24px 16px;
    text-align: center;
    color: var(--_muted);
  }
  .placeholder-thumb {
    display: flex;
    align-items: center;
    justify-content: center;
    color: var(--_muted);
  }
  .dot {
    display: inline-block;
    width: 8px;
    height: 8px;
    margin-inline-end: 6px;
    border-radius: 50%;
    border: 1px solid var(--_muted);
  }
  .dot.online {
    background: var(--_online);
    border-color: var(--_online);
  }
`;

/** The dark palette's declarations, for `theme="dark"` and for `theme="auto"` on a dark system. */
const darkPalette = css`
  --_primary: var(--parley-color-primary, #93c5fd);
  --_on-primary: var(--parley-color-on-primary, #0b1220);
  --_bg: var(--parley-color-background, #111827);
  --_surface: var(--parley-color-surface, #1f2937);
  --_text: var(--parley-color-text, #f9fafb);
  --_muted: var(--parley-color-muted, #d1d5db);
  --_border: var(--parley-color-border, #374151);
  --_danger: var(--parley-color-danger, #fca5a5);
  --_bubble-other: var(--parley-color-bubble-other, #374151);
  --_online: var(--parley-color-online, #4ade80);
  color-scheme: dark;
`;

/** The theme: `--parley-*` custom properties with light defaults, dark ones for `theme="dark"` / `auto`. */
export const themeStyles = css`
  /* Nothing inherited from the host page (fonts, letter-spacing, text-transform…) leaks in by accident. */
  :host {
    all: initial;
  }
  :host {
    --_primary: var(--parley-color-primary, #1d4ed8);
    --_on-primary: var(--parley-color-on-primary, #ffffff);
    --_bg: var(--parley-color-background, #ffffff);
    --_surface: var(--parley-color-surface, #f3f4f6);
    --_text: var(--parley-color-text, #111827);
    --_muted: var(--parley-color-muted, #4b5563);
    --_border: var(--parley-color-border, #d1d5db);
    --_danger: var(--parley-color-danger, #b91c1c);
    --_bubble-other: var(--parley-color-bubble-other, #e5e7eb);
    --_online: var(--parley-color-online, #15803d);
    --_font: var(--parley-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_radius: var(--parley-radius, 12px);
    --_z: var(--parley-z-index, 2147483000);
    color-scheme: light;
  }
  :host([theme='dark']) {
    ${darkPalette}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${darkPalette}
    }
  }
`;
