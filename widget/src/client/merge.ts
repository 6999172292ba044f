// Pure functions that fold server data into the state: threads by seq, tombstones, conversation views.
import type { Conversation, Message, MessageDeletedEvent } from '../../../protocol/index.ts';

/** Merges messages into a thread by seq; a tombstone always wins over the live message it replaced. */
export function mergeMessages(held: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return held as Message[];
  const bySeq = new Map<number, Message>();
  for (const m of held) bySeq.set(m.seq, m);
  for (const m of incoming) {
    const known = bySeq.get(m.seq);
    if (known?.deletedAt && !m.deletedAt) continue;
    bySeq.set(m.seq, m);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The seq after which a thread has a hole (held messages are contiguous otherwise), or null. */
export function firstGap(thread: readonly Message[]): number | null {
  for (let i = 1; i < thread.length; i++) {
    if (thread[i]!.seq !== thread[i - 1]!.seq + 1) return thread[i - 1]!.seq;
  }
  return null;
}

/** What a deletion clears: the message keeps its place (id, seq, sender, time), loses its body and photos. */
export function asTombstone(m: Message, at = new Date().toISOString()): Message {
  return m.deletedAt ? m : { ...m, body: '', attachments: [], deletedAt: at };
}

/** Applies a deletion to a thread (unchanged when the message is not held). */
export function applyDeletion(thread: readonly Message[], event: MessageDeletedEvent): readonly Message[] {
  const i = thread.findIndex((m) => m.id === event.messageId);
  if (i < 0 || thread[i]!.deletedAt) return thread;
  const next = thread.slice();
  next[i] = asTombstone(thread[i]!);
  return next;
}

/** Applies a deletion to a conversation's last message (unchanged when it is another message). */
export function conversationAfterDeletion(conversation: Conversation, event: MessageDeletedEvent): Conversation {
  const last = conversation.lastMessage;
  if (last?.id !== event.messageId || last.deletedAt) return conversation;
  return { ...conversation, lastMessage: asTombstone(last) };
}

/** The conversation after a message was stored in it: last message, activity, and un-hidden. */
export function withMessage(conversation: Conversation, m: Message): Conversation {
  if (m.seq < conversation.lastSeq) return conversation;
  return { ...conversation, lastSeq: m.seq, lastMessage: m, updatedAt: m.createdAt, archived: false };
}

/** A server view merged over what we hold: keeps our newer last message when the view is older. */
export function mergeConversation(held: Conversation | undefined, view: Conversation): Conversation {
  if (!held || view.lastSeq >= held.lastSeq) return view;
  return { ...view, lastSeq: held.lastSeq, lastMessage: held.lastMessage, updatedAt: held.updatedAt };
}

/** When a conversation was last active (for sorting the list), in ms. */
export function activityOf(c: Conversation): number {
  return Date.parse(c.lastMessage?.createdAt ?? c.updatedAt) || 0;
}
