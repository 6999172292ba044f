// Test data for the pure tests: a message, a conversation and a client state with only the fields a test names.
import type { Conversation, Message } from '../../protocol/index.ts';
import { initialState } from '../src/client/reducers.ts';
import type { ParleyState } from '../src/client/types.ts';

/** The buyer and seller of {@link conversation} unless a test names others. */
export const BUYER = 'buyer-1';
export const SELLER = 'seller-1';

/** A stored message of conversation `c1` at `seq`, sent by the buyer at a fixed time. */
export function message(seq: number, fields: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    kind: 'user',
    senderId: BUYER,
    system: null,
    clientId: `client-${seq}`,
    body: `message ${seq}`,
    replyTo: null,
    attachments: [],
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, 0, seq)).toISOString(),
    deletedAt: null,
    masked: false,
    warnings: [],
    ...fields,
  };
}

/** Conversation `c1` between {@link BUYER} and {@link SELLER}, with no message yet. */
export function conversation(fields: Partial<Conversation> = {}): Conversation {
  return {
    id: 'c1',
    listing: { id: 'ad-1', title: 'Blue bicycle', url: null, imageUrl: null, price: null, status: null },
    buyer: { id: BUYER, name: 'Alice', picture: null, suspended: false },
    seller: { id: SELLER, name: 'Bob', picture: null, suspended: false },
    lastSeq: 0,
    lastMessage: null,
    unread: 0,
    readSeq: {},
    archived: false,
    muted: false,
    createdAt: '2025-01-01T12:00:00.000Z',
    updatedAt: '2025-01-01T12:00:00.000Z',
    ...fields,
  };
}

/** A signed-in client state (as the buyer unless `me` is given) with the fields a test names. */
export function state(fields: Partial<ParleyState> = {}, me = BUYER): ParleyState {
  return { ...initialState(), auth: 'signed-in', me: { siteId: 'site', userId: me }, ready: true, ...fields };
}
