// A Notifier that signs photo URLs for each recipient: the same message goes to each member with their own URLs.
import type { ServerToClientEvents } from '../../../protocol/index.ts';
import type { Notifier } from '../realtime/notifier.ts';
import type { UrlSigner } from './signed-urls.ts';

/** Wraps the notifier services push through; events without photos go out once, to every recipient, as before. */
export class SigningNotifier implements Notifier {
  readonly #inner: Notifier;
  readonly #signer: Pick<UrlSigner, 'signAttachments'>;

  constructor(inner: Notifier, signer: Pick<UrlSigner, 'signAttachments'>) {
    this.#inner = inner;
    this.#signer = signer;
  }

  toUsers<E extends keyof ServerToClientEvents>(
    siteId: string,
    userIds: readonly string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    const [payload, ...rest] = args as unknown[];
    const signed = userIds.map((userId) => this.#signer.signAttachments(payload, { siteId, userId }));
    if (signed.every((copy) => copy === payload)) {
      this.#inner.toUsers(siteId, userIds, event, ...args);
      return;
    }
    userIds.forEach((userId, i) => {
      this.#inner.toUsers(siteId, [userId], event, ...([signed[i], ...rest] as Parameters<ServerToClientEvents[E]>));
    });
  }

  disconnectUsers(siteId: string, userIds: readonly string[]): void {
    this.#inner.disconnectUsers(siteId, userIds);
  }
}
