// The chat's alert settings in its header: the sound toggle and "Turn on notifications".
import { html, nothing } from 'lit';
import { notificationPermission, setSoundOn, soundKey, soundOn } from '../../alerts/alert-settings.ts';
import type { ParleyClient } from '../../client/parley-client.ts';
import type { Strings } from '../../i18n/index.ts';
import { icons } from '../base/icons.ts';

/**
 * The sound toggle (remembered per user on this device) and, while the browser has not been asked,
 * the button that asks for desktop notifications: the only place they are asked for, from a click.
 * `changed` re-renders the chat after either.
 */
export function renderAlertControls(client: ParleyClient | null, t: Strings, changed: () => void) {
  const me = client?.state.me;
  if (!client || !me) return nothing;
  const key = soundKey(client.options.server, me);
  const on = soundOn(key);
  const toggle = () => {
    setSoundOn(key, !on);
    changed();
  };
  const ask = () => {
    void Notification.requestPermission()
      .catch(() => undefined)
      .then(changed);
  };
  return html`<button class="icon-button" part="sound-button" aria-pressed=${on} aria-label=${t.sound} title=${t.sound} @click=${toggle}>
      ${on ? icons.speaker : icons.speakerOff}
    </button>
    ${
      notificationPermission() === 'default'
        ? html`<button class="icon-button" part="notifications-button" aria-label=${t.enableNotifications} title=${t.enableNotifications} @click=${ask}>
          ${icons.bell}
        </button>`
        : nothing
    }`;
}
