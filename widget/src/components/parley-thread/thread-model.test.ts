// Pure tests of thread-model.ts: the rows a thread shows, from stored messages and the outbox (no server, no DOM).
import { expect } from '@open-wc/testing';
import { BUYER, conversation, message, SELLER, state } from '../../../test/models.ts';
import type { OutboxItem } from '../../client/types.ts';
import { threadRows } from './thread-model.ts';

const NAMES = { me: 'You', other: 'Bob' };

/** An outbox item of conversation `c1`. */
function queued(clientId: string, fields: Partial<OutboxItem> = {}): OutboxItem {
  return {
    clientId,
    conversationId: 'c1',
    body: `queued ${clientId}`,
    replyTo: null,
    order: 1,
    createdAt: '2025-01-01T12:05:00.000Z',
    status: 'pending',
    error: null,
    ...fields,
  };
}

describe('threadRows', () => {
  it('should show stored messages, then queued ones, with own and other rows apart', () => {
    const rows = threadRows(
      state({
        status: 'online',
        conversations: { c1: conversation() },
        threads: { c1: [message(1, { senderId: SELLER }), message(2)] },
        outbox: [queued('q1'), queued('other-conversation', { conversationId: 'c2' })],
      }),
      'c1',
      NAMES,
    );
    expect(rows.map((r) => [r.key, r.id, r.own])).to.deep.equal([
      ['client-1', 'm1', false],
      ['client-2', 'm2', true],
      ['q1', null, true],
    ]);
  });

  it('should give each own message its status: sent, read once the other party read it, sending, queued, failed', () => {
    const read = conversation({ readSeq: { [SELLER]: 1 } });
    const items = [queued('q1'), queued('q2', { status: 'failed', error: { code: 'blocked', message: 'no' } })];
    const online = threadRows(
      state({ status: 'online', conversations: { c1: read }, threads: { c1: [message(1), message(2)] }, outbox: items }),
      'c1',
      NAMES,
    );
    expect(online.map((r) => r.status)).to.deep.equal(['read', 'sent', 'sending', 'failed']);
    const offline = threadRows(state({ status: 'offline', conversations: { c1: read }, outbox: items }), 'c1', NAMES);
    expect(offline.map((r) => r.status)).to.deep.equal(['queued', 'failed']);
    const theirs = threadRows(state({ threads: { c1: [message(1, { senderId: SELLER })] } }), 'c1', NAMES);
    expect(theirs[0]!.status, 'no status on the other party’s messages').to.equal(null);
  });

  it('should keep one row per message while its ack and the outbox cross (the clientId is the key)', () => {
    const rows = threadRows(state({ threads: { c1: [message(1, { clientId: 'q1' })] }, outbox: [queued('q1')] }), 'c1', NAMES);
    expect(rows.map((r) => r.key)).to.deep.equal(['q1']);
    expect(rows[0]!.id).to.equal('m1');
  });

  it('should quote the message replied to, by who wrote it, deleted or not held', () => {
    const thread = [
      message(1, { senderId: SELLER, body: 'the question' }),
      message(2, { senderId: BUYER, body: '', deletedAt: '2025-01-02T00:00:00.000Z' }),
      message(3, { replyTo: 'm1' }),
      message(4, { senderId: SELLER, replyTo: 'm2' }),
      message(5, { replyTo: 'not-held' }),
    ];
    const rows = threadRows(state({ threads: { c1: thread }, outbox: [queued('q1', { replyTo: 'm3' })] }), 'c1', NAMES);
    expect(rows.map((r) => r.quote)).to.deep.equal([
      null,
      null,
      { name: 'Bob', text: 'the question', deleted: false },
      { name: 'You', text: '', deleted: true },
      { name: '', text: '…', deleted: false },
      { name: 'You', text: 'message 3', deleted: false },
    ]);
    expect(rows[1]!.deleted).to.equal(true);
  });

  it('should mark the first message of each calendar day', () => {
    const day = (d: number, h: number) => new Date(2025, 0, d, h).toISOString();
    const thread = [
      message(1, { createdAt: day(1, 9) }),
      message(2, { createdAt: day(1, 18) }),
      message(3, { createdAt: day(2, 8) }),
    ];
    const rows = threadRows(state({ threads: { c1: thread }, outbox: [queued('q1', { createdAt: day(3, 7) })] }), 'c1', NAMES);
    expect(rows.map((r) => r.newDay)).to.deep.equal([true, false, true, true]);
  });

  it('should show nothing for a conversation with no message held or queued', () => {
    expect(threadRows(state(), 'c1', NAMES)).to.deep.equal([]);
  });
});
