// Alerts for a client's user: the unread count in the title, a chime and desktop notifications for new messages.
import type { Message } from '../../../protocol/index.ts';
import type { ParleyClient } from '../client/parley-client.ts';
import { otherName, unreadTotal } from '../client/selectors.ts';
import type { Identity, ParleyState } from '../client/types.ts';
import { localize } from '../i18n/index.ts';
import { decideAlerts } from './alert-rule.ts';
import { notificationPermission, soundKey, soundOn } from './alert-settings.ts';
import { playChime } from './chime.ts';
import { TabLeader } from './tab-leader.ts';
import { TitleBadge } from './title-badge.ts';

/** Events that show the user turned to this tab. */
const USE_EVENTS = ['pointerdown', 'keydown', 'focus'];

/** What {@link PageAlerts} asks of the page. */
export interface PageAlertsOptions {
  /** Whether the title shows the unread count (read on every change: a setting may turn it off). */
  titleBadge(): boolean;
  /** Opens a conversation in the page's chat (a desktop notification was clicked). */
  open(conversationId: string): void;
  /**
   * Whether a desktop notification may carry the message's text. The site's `emailPreviews` setting
   * decides once the server tells the widget of it; until then, true.
   */
  previews?(): boolean;
}

/** Follows one client and alerts its user; {@link dispose} undoes everything (title included). */
export class PageAlerts {
  readonly #client: ParleyClient;
  readonly #options: PageAlertsOptions;
  readonly #title = new TitleBadge();
  readonly #stop: (() => void)[];
  #leader: TabLeader | null = null;
  #me: Identity | null = null;
  #interacted = false;
  #audio: AudioContext | null = null;

  constructor(client: ParleyClient, options: PageAlertsOptions) {
    this.#client = client;
    this.#options = options;
    // The tab the user turns to leads; a pointer or a key (not focus alone) also counts as interaction.
    const onUse = (e: Event) => {
      if (e.type !== 'focus') this.#interacted = true;
      this.#leader?.claim();
      // Safari starts audio only within a user gesture: a context it kept suspended resumes here.
      if (this.#audio?.state === 'suspended') void this.#audio.resume().catch(() => undefined);
    };
    for (const type of USE_EVENTS) addEventListener(type, onUse, true);
    this.#stop = [
      client.subscribe((state) => this.#follow(state)),
      client.on('message', ({ message }) => this.#arrived(message)),
      () => {
        for (const type of USE_EVENTS) removeEventListener(type, onUse, true);
      },
    ];
    this.#follow(client.state);
  }

  /** Applies the options again (the title badge was turned on or off). */
  refresh(): void {
    this.#follow(this.#client.state);
  }

  /** Leaves the tab queue and restores the title. */
  dispose(): void {
    for (const stop of this.#stop) stop();
    this.#leader?.stop();
    this.#title.dispose();
    void this.#audio?.close().catch(() => undefined);
  }

  #follow(state: ParleyState): void {
    this.#title.set(this.#options.titleBadge() ? unreadTotal(state) : 0);
    if (state.me === this.#me) return;
    this.#me = state.me;
    this.#leader?.stop();
    const { server } = this.#client.options;
    this.#leader = state.me ? new TabLeader(`parley-alerts:${server}:${state.me.siteId}:${state.me.userId}`) : null;
  }

  #arrived(message: Message): void {
    const state = this.#client.state;
    const { me, view, conversations } = state;
    const inView = view.open || document.querySelector('parley-chat[inline]') !== null;
    const activated = navigator.userActivation?.hasBeenActive ?? this.#interacted;
    const decision = decideAlerts({
      message,
      me: me?.userId ?? null,
      conversation: conversations[message.conversationId],
      leader: this.#leader?.leading ?? false,
      hidden: document.visibilityState === 'hidden',
      shown: inView ? view.conversationId : null,
      soundAllowed: me !== null && activated && soundOn(soundKey(this.#client.options.server, me)),
      notificationsAllowed: notificationPermission() === 'granted',
    });
    try {
      if (decision.sound) this.#chime();
      if (decision.notification) this.#notify(state, message);
    } catch (err) {
      console.warn('[parley] could not alert', err);
    }
  }

  #chime(): void {
    // Created on the first chime, after the user's first interaction: browsers keep an earlier one silent.
    const audio = (this.#audio ??= new AudioContext());
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    playChime(audio);
  }

  #notify(state: ParleyState, message: Message): void {
    const { t } = localize(this.#client.options.locale ?? document.documentElement.lang);
    const id = message.conversationId;
    const previews = this.#options.previews?.() ?? true;
    const notification = new Notification(t.notificationTitle(otherName(state, id, t.someone)), {
      body: previews ? message.body : t.notificationHidden,
      tag: id, // a newer message of the same conversation replaces the notification
    });
    notification.onclick = () => {
      window.focus();
      this.#options.open(id);
      notification.close();
    };
  }
}
