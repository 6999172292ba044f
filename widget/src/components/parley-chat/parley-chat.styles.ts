// Styles of <parley-chat>: the floating or inline panel, its header, the status, the toast.
import { css } from 'lit';
import { sharedStyles, themeStyles } from '../base/shared.styles.ts';

export const chatStyles = [
  themeStyles,
  sharedStyles,
  css`
    :host {
      display: contents;
      color: var(--_text);
    }
    :host([inline]) {
      display: block;
      height: var(--parley-panel-height, 560px);
    }
    .panel {
      display: flex;
      flex-direction: column;
      overflow: hidden;
      background: var(--_bg);
      color: var(--_text);
      /* Sizes here, not on the host: a page rule such as * { font-size: 40px !important } reaches the host. */
      font-family: var(--_font);
      font-size: 15px;
      line-height: 1.4;
    }
    :host(:not([inline])) .panel {
      position: fixed;
      right: 16px;
      bottom: 88px;
      z-index: var(--_z);
      width: var(--parley-panel-width, 380px);
      height: var(--parley-panel-height, 560px);
      max-height: calc(100vh - 104px);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      box-shadow: 0 12px 32px rgb(0 0 0 / 0.18);
    }
    :host([inline]) .panel {
      height: 100%;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    @media (max-width: 640px) {
      :host(:not([inline])) .panel {
        inset: 0;
        width: auto;
        height: auto;
        max-height: none;
        border: 0;
        border-radius: 0;
      }
    }
    .header {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 8px 8px 8px 12px;
      border-bottom: 1px solid var(--_border);
    }
    .title {
      margin: 0;
      font-size: 1.05em;
    }
    .status {
      display: flex;
      align-items: center;
      gap: 6px;
      margin: 0 0 0 auto;
      font-size: 0.8em;
      color: var(--_muted);
    }
    .status-dot {
      width: 8px;
      height: 8px;
      border-radius: 50%;
      background: var(--_muted);
    }
    .status.online .status-dot {
      background: var(--_online);
    }
    .status.connecting .status-dot {
      background: transparent;
      border: 2px solid var(--_muted);
    }
    .body {
      flex: 1;
      min-height: 0;
      display: flex;
      flex-direction: column;
    }
    .body > * {
      flex: 1;
      min-height: 0;
    }
    .notice {
      flex: none !important;
      margin: 0;
      padding: 8px 12px;
      background: var(--_surface);
      border-bottom: 1px solid var(--_border);
      font-size: 0.9em;
    }
    .toast {
      position: fixed;
      right: 16px;
      bottom: 16px;
      z-index: var(--_z);
      display: flex;
      align-items: center;
      gap: 8px;
      max-width: min(360px, calc(100vw - 32px));
      padding: 10px 10px 10px 14px;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_bg);
      color: var(--_text);
      font-family: var(--_font);
      font-size: 15px;
      line-height: 1.4;
      box-shadow: 0 8px 24px rgb(0 0 0 / 0.18);
    }
    .toast-text {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }
    .toast-body {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
      color: var(--_muted);
    }
  `,
];
