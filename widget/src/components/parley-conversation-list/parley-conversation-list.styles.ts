// Styles of <parley-conversation-list>.
import { css } from 'lit';

export const listStyles = css`
  :host {
    display: block;
    position: relative;
    overflow-y: auto;
    height: 100%;
  }
  .tools {
    position: sticky;
    top: 0;
    z-index: 1;
    display: flex;
    gap: 6px;
    padding: 8px 12px;
    background: var(--_bg);
    border-bottom: 1px solid var(--_border);
  }
  .search {
    flex: 1;
    min-width: 0;
  }
  .tools input,
  .tools select {
    font: inherit;
    font-size: 0.9em;
    padding: 4px 6px;
    color: var(--_text);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) / 2);
  }
  .tools select {
    max-width: 40%;
  }
  mark {
    background: color-mix(in srgb, var(--_primary) 25%, transparent);
    color: inherit;
    border-radius: 2px;
  }
  .empty {
    padding: 24px 16px;
    text-align: center;
    color: var(--_muted);
  }
  .filter {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    padding: 8px 12px;
    background: var(--_surface);
    border-bottom: 1px solid var(--_border);
    font-weight: 600;
  }
  .empty-title {
    color: var(--_text);
    font-weight: 600;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .item {
    display: flex;
    align-items: center;
    border-bottom: 1px solid var(--_border);
  }
  .open {
    flex: 1;
    min-width: 0;
    display: flex;
    gap: 12px;
    align-items: center;
    padding: 10px 8px 10px 12px;
    border: 0;
    background: transparent;
    text-align: start;
  }
  .open:hover {
    background: var(--_surface);
  }
  .thumb {
    flex: none;
    width: 48px;
    height: 48px;
    border-radius: calc(var(--_radius) / 2);
    object-fit: cover;
    background: var(--_surface);
  }
  .main {
    flex: 1;
    min-width: 0;
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  .row {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 8px;
  }
  .title,
  .preview,
  .who {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .title {
    font-weight: 600;
  }
  .has-unread .preview {
    color: var(--_text);
    font-weight: 600;
  }
  .time,
  .who,
  .preview {
    font-size: 0.85em;
    color: var(--_muted);
  }
  .time {
    flex: none;
  }
  .badge {
    flex: none;
    min-width: 20px;
    padding: 0 6px;
    border-radius: 10px;
    background: var(--_primary);
    color: var(--_on-primary);
    font-size: 0.8em;
    font-weight: 600;
    text-align: center;
    line-height: 20px;
  }
  .archive {
    margin-inline-end: 8px;
    color: var(--_muted);
  }
`;
