// Derived views of the state that elements render: the list, a thread with its outbox, statuses.
import type { Conversation, Message, UserSummary } from '../../../protocol/index.ts';
import { activityOf } from './merge.ts';
import type { OutboxItem, OwnMessageStatus, ParleyState } from './types.ts';

/** Conversations to list: not archived, most recent activity first. */
export function visibleConversations(state: ParleyState): Conversation[] {
  return Object.values(state.conversations)
    .filter((c) => !c.archived)
    .sort((a, b) => activityOf(b) - activityOf(a));
}

/** The participant who is not the signed-in user. */
export function otherParty(c: Conversation, me: string | undefined): UserSummary {
  return c.buyer.id === me ? c.seller : c.buyer;
}

/** Unread messages in one conversation (none in an archived one, as the server counts them). */
export function unreadIn(state: ParleyState, conversationId: string): number {
  const c = state.conversations[conversationId];
  return c && !c.archived ? c.unread : 0;
}

/** Totals already summed, per conversations object (the state is replaced, never mutated). */
const totals = new WeakMap<ParleyState['conversations'], number>();

/** The user's total unread count: the sum over the conversations that are not archived. */
export function unreadTotal(state: ParleyState): number {
  let total = totals.get(state.conversations);
  if (total === undefined) {
    total = 0;
    for (const c of Object.values(state.conversations)) if (!c.archived) total += c.unread;
    totals.set(state.conversations, total);
  }
  return total;
}

/** Status of an own stored message: `read` once the other party's read position reached it. */
export function storedStatus(state: ParleyState, m: Message): OwnMessageStatus {
  const c = state.conversations[m.conversationId];
  if (!c) return 'sent';
  const other = otherParty(c, state.me?.userId).id;
  return (c.readSeq[other] ?? 0) >= m.seq ? 'read' : 'sent';
}

/** Status of a message still in the outbox. */
export function outboxStatus(state: ParleyState, item: OutboxItem): OwnMessageStatus {
  if (item.status === 'failed') return 'failed';
  return state.status === 'online' ? 'sending' : 'queued';
}

/** Messages waiting in the outbox (failed ones excluded). */
export function queuedCount(state: ParleyState): number {
  return state.outbox.filter((i) => i.status === 'pending').length;
}

/** The outbox items of one conversation, in queue order. */
export function outboxOf(state: ParleyState, conversationId: string): OutboxItem[] {
  return state.outbox.filter((i) => i.conversationId === conversationId);
}

/** True when older messages exist than the ones held (seqs start at 1 and have no gap). */
export function hasOlder(state: ParleyState, conversationId: string): boolean {
  const first = state.threads[conversationId]?.[0];
  if (first) return first.seq > 1;
  return (state.conversations[conversationId]?.lastSeq ?? 0) > 0;
}

/** The other party's display name in a conversation (`fallback` when unknown or nameless). */
export function otherName(state: ParleyState | null, conversationId: string | undefined, fallback: string): string {
  const c = conversationId ? state?.conversations[conversationId] : undefined;
  return (c && otherParty(c, state?.me?.userId).name) || fallback;
}

/** A user's display name as a held conversation knows it (a seller the user wrote to about another listing), or null. */
export function knownName(state: ParleyState, userId: string): string | null {
  for (const c of Object.values(state.conversations)) {
    const party = c.seller.id === userId ? c.seller : c.buyer.id === userId ? c.buyer : null;
    if (party?.name) return party.name;
  }
  return null;
}
