// Styles of <parley-thread>: header, message bubbles, day separators, pill, typing line.
import { css } from 'lit';

export const threadStyles = css`
  :host {
    display: block;
    height: 100%;
    min-height: 0;
  }
  .thread {
    position: relative;
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    padding: 8px 12px;
    border-bottom: 1px solid var(--_border);
  }
  .listing {
    flex: 1 1 60%;
    min-width: 0;
    display: flex;
    align-items: center;
    gap: 10px;
    color: inherit;
    text-decoration: none;
  }
  .listing-image {
    flex: none;
    width: 44px;
    height: 44px;
    border-radius: calc(var(--_radius) / 2);
    object-fit: cover;
    background: var(--_surface);
  }
  .listing-text {
    min-width: 0;
    display: flex;
    flex-direction: column;
  }
  .listing-title {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  a.listing:hover .listing-title {
    text-decoration: underline;
  }
  .listing-price,
  .presence {
    font-size: 0.85em;
    color: var(--_muted);
  }
  .party {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .tools {
    display: flex;
    margin-inline-start: auto;
  }
  .action-form,
  .notice {
    margin: 0;
    padding: 8px 12px;
    border-bottom: 1px solid var(--_border);
    background: var(--_surface);
  }
  .action-form {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
  }
  .action-form p,
  .action-form label {
    flex-basis: 100%;
    margin: 0;
  }
  .action-form textarea {
    flex-basis: 100%;
    padding: 6px 8px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_bg);
  }
  .scroller,
  .pending {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    padding: 8px 12px;
  }
  .older {
    display: block;
    margin: 4px auto 8px;
  }
  .messages {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .day {
    align-self: center;
    margin: 8px 0 4px;
    font-size: 0.8em;
    color: var(--_muted);
  }
  .system {
    align-self: center;
    max-width: 85%;
    text-align: center;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .system p {
    margin: 0;
  }
  .system time {
    font-size: 0.85em;
  }
  .listing-status {
    font-size: 0.8em;
    font-weight: 600;
    text-transform: uppercase;
  }
  .msg {
    display: flex;
    align-items: center;
    gap: 4px;
    max-width: 85%;
  }
  .msg.own {
    align-self: flex-end;
    flex-direction: row-reverse;
  }
  /*
   * Rows well above the newest ones are laid out and painted only once scrolled near: they stay in
   * the DOM, the accessibility tree, the tab order and find-in-page, and opening a thread of 200
   * messages costs what its newest rows cost. The newest 40 rows are always laid out, so that the
   * jump to the bottom lands exactly there; the margin keeps focus rings from being clipped.
   */
  .msg:nth-last-child(n + 41) {
    content-visibility: auto;
    contain-intrinsic-size: auto 48px;
    overflow-clip-margin: 6px;
  }
  .bubble {
    min-width: 0;
    padding: 6px 10px;
    border-radius: var(--_radius);
    background: var(--_bubble-other);
    color: var(--_text);
    overflow-wrap: anywhere;
  }
  .own .bubble {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .own.failed .bubble {
    outline: 2px solid var(--_danger);
  }
  .photo {
    padding: 0;
    border: 0;
    margin: 0 4px 4px 0;
    background: none;
  }
  .photo img,
  .viewer img {
    display: block;
    max-width: 200px;
    height: auto;
    border-radius: 8px;
  }
  .viewer {
    border: 0;
    background: var(--_bg);
    color: var(--_text);
    text-align: center;
  }
  .viewer::backdrop {
    background: #000c;
  }
  .viewer img {
    max-width: 90vw;
    max-height: 80vh;
    width: auto;
  }
  .next svg {
    transform: scaleX(-1);
  }
  .body {
    margin: 0;
    white-space: pre-wrap;
  }
  .bubble a {
    color: inherit;
    text-decoration: underline;
  }
  .meta {
    margin: 2px 0 0;
    display: flex;
    gap: 6px;
    justify-content: flex-end;
    font-size: 0.75em;
  }
  .masked {
    padding: 0 4px;
    border-radius: 4px;
    background: var(--_surface);
    font-style: italic;
  }
  .safety {
    margin: 4px 0 0;
    font-size: 0.85em;
  }
  .warning {
    padding: 4px 8px;
    border-inline-start: 3px solid #d97706;
    background: var(--_surface);
  }
  .leaving {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
  }
  .quote {
    margin: 0 0 4px;
    padding: 2px 8px;
    border-inline-start: 3px solid currentColor;
    font-size: 0.85em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .quote-name {
    font-weight: 600;
    margin-inline-end: 4px;
  }
  .actions {
    display: flex;
    align-items: center;
    gap: 2px;
    color: var(--_muted);
    opacity: 0;
  }
  .msg:hover .actions,
  .msg:focus-within .actions,
  .failed .actions {
    opacity: 1;
  }
  .pill {
    position: absolute;
    left: 50%;
    bottom: 96px;
    transform: translateX(-50%);
    border-radius: 16px;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
  }
  .typing {
    min-height: 1.4em;
    margin: 0;
    padding: 0 12px;
    font-size: 0.8em;
    font-style: italic;
    color: var(--_muted);
  }
  .msg.found {
    outline: 2px solid var(--_primary);
    outline-offset: 2px;
  }
`;
