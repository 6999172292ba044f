// Styles of <parley-unread-bubble>: a round launcher fixed in a corner, with a count badge.
import { css } from 'lit';
import { sharedStyles, themeStyles } from '../base/shared.styles.ts';

export const bubbleStyles = [
  themeStyles,
  sharedStyles,
  css`
    :host {
      position: fixed;
      right: 16px;
      bottom: 16px;
      z-index: var(--_z);
      font-family: var(--_font);
    }
    :host([position='bottom-left']) {
      right: auto;
      left: 16px;
    }
    .bubble {
      position: relative;
      display: flex;
      align-items: center;
      justify-content: center;
      width: var(--parley-bubble-size, 56px);
      height: var(--parley-bubble-size, 56px);
      border: 0;
      border-radius: 50%;
      background: var(--_primary);
      color: var(--_on-primary);
      box-shadow: 0 6px 18px rgb(0 0 0 / 0.22);
    }
    .bubble[aria-busy='true'] {
      opacity: 0.7;
      cursor: progress;
    }
    .bubble .icon {
      width: 26px;
      height: 26px;
    }
    .badge {
      position: absolute;
      top: -4px;
      right: -4px;
      min-width: 22px;
      height: 22px;
      padding: 0 6px;
      border-radius: 11px;
      background: var(--_danger);
      color: #fff;
      font-size: 12px;
      font-weight: 700;
      line-height: 22px;
      text-align: center;
      border: 2px solid var(--_bg);
    }
    @media (prefers-reduced-motion: no-preference) {
      .bubble {
        transition: transform 0.15s ease;
      }
      .bubble:hover {
        transform: scale(1.06);
      }
    }
  `,
];
