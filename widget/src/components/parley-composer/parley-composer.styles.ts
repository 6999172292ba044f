// Styles of <parley-composer>.
import { css } from 'lit';

export const composerStyles = css`
  :host {
    display: block;
    border-top: 1px solid var(--_border);
    background: var(--_bg);
  }
  form {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    padding: 8px;
  }
  textarea {
    flex: 1;
    min-height: 40px;
    max-height: 140px;
    resize: none;
    field-sizing: content;
    padding: 9px 12px;
    border: 1px solid var(--_border);
    border-radius: 20px;
    background: var(--_bg);
    line-height: 1.35;
  }
  .send {
    width: 40px;
    height: 40px;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    border: 0;
    border-radius: 50%;
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .reply {
    display: flex;
    align-items: center;
    gap: 8px;
    margin: 8px 8px 0;
    padding: 6px 6px 6px 10px;
    border-inline-start: 3px solid var(--_primary);
    background: var(--_surface);
    border-radius: 6px;
    font-size: 0.85em;
  }
  .reply-text {
    flex: 1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .chips {
    display: flex;
    gap: 6px;
    margin: 8px 8px 0;
    padding: 0;
    list-style: none;
    font-size: 0.75em;
  }
  .chip {
    position: relative;
    width: 72px;
  }
  .chip img {
    width: 72px;
    height: 72px;
    object-fit: cover;
  }
  .chip progress {
    width: 100%;
  }
  .chip .icon-button {
    position: absolute;
    top: 0;
    right: 0;
    background: var(--_bg);
  }
  .chip-error {
    color: var(--_danger);
  }
  .counter {
    margin: 0 16px 6px;
    font-size: 0.8em;
    color: var(--_muted);
    text-align: end;
  }
  .counter.over {
    color: var(--_danger);
  }
`;
