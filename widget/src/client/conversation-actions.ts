// What users do with conversations and people: contact a seller, archive, mute, block, unblock, report.
import { LIMITS, type Conversation, type ConversationResponse, type CreateConversationRequest } from '../../../protocol/index.ts';
import { conversationsArrived } from './reducers.ts';
import { apiPath, type RestClient } from './rest.ts';
import type { Store } from './store.ts';
import type { ParleyState } from './types.ts';

/** What {@link ConversationActions} work with. */
export interface ConversationActionsOptions {
  store: Store<ParleyState>;
  rest: RestClient;
}

/** The conversation actions of the client (REST); failures reject with a `ParleyClientError`. */
export class ConversationActions {
  readonly #store: Store<ParleyState>;
  readonly #rest: RestClient;

  constructor({ store, rest }: ConversationActionsOptions) {
    this.#store = store;
    this.#rest = rest;
  }

  /** Gets or creates the conversation with a seller about a listing (the caller is the buyer). */
  async contactSeller(input: CreateConversationRequest): Promise<Conversation> {
    const { conversation } = await this.#rest.call<ConversationResponse>('POST', '/conversations', input);
    this.#store.update((state) => conversationsArrived(state, [conversation]));
    return conversation;
  }

  /** Hides a conversation for this user (it comes back with the next message). */
  async archive(conversationId: string): Promise<void> {
    await this.#rest.call('DELETE', apiPath('/conversations', conversationId));
    this.#patch(conversationId, { archived: true });
  }

  /** Mutes (no sound, desktop notification or email) or unmutes a conversation for this user. */
  async setMuted(conversationId: string, muted: boolean): Promise<void> {
    await this.#rest.call('PUT', apiPath('/conversations', conversationId, 'mute'), { muted });
    this.#patch(conversationId, { muted });
  }

  /** Changes fields of a held conversation (the server's `conversation:updated` tells the other tabs). */
  #patch(conversationId: string, change: Partial<Conversation>): void {
    this.#store.update((state) => {
      const c = state.conversations[conversationId];
      return c ? { conversations: { ...state.conversations, [conversationId]: { ...c, ...change } } } : {};
    });
  }

  /** Refuses further messages from a user. */
  async block(userId: string): Promise<void> {
    await this.#rest.call('POST', apiPath('/users', userId, 'block'));
    this.#store.update((state) => ({ blocked: { ...state.blocked, [userId]: true } }));
  }

  /** Accepts messages from a user again. */
  async unblock(userId: string): Promise<void> {
    await this.#rest.call('DELETE', apiPath('/users', userId, 'block'));
    this.#store.update((state) => {
      const blocked = { ...state.blocked };
      delete blocked[userId];
      return { blocked };
    });
  }

  /** Reports a conversation (or one message of it) to the marketplace's moderators. */
  async report(input: { conversationId: string; messageId?: string | null; reason: string }): Promise<void> {
    const reason = input.reason.trim().slice(0, LIMITS.reportReasonMaxChars);
    await this.#rest.call('POST', '/reports', { ...input, reason });
  }
}
