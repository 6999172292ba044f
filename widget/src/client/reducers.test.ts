// Pure tests of reducers.ts and the unread selectors: server data folded into the state (no server, no DOM).
import { expect } from '@open-wc/testing';
import { LIMITS, type Conversation } from '../../../protocol/index.ts';
import { BUYER, conversation, message, SELLER, state } from '../../test/models.ts';
import { liveHandlers } from './live.ts';
import {
  conversationsArrived,
  deletionsArrived,
  fromCache,
  messagesArrived,
  positions,
  readArrived,
  syncArrived,
} from './reducers.ts';
import { unreadIn, unreadTotal } from './selectors.ts';
import { Store } from './store.ts';
import type { ParleyState } from './types.ts';

/** The state after a reducer's patch. */
const apply = (s: ParleyState, patch: Partial<ParleyState>): ParleyState => ({ ...s, ...patch });

describe('reducers', () => {
  it('should read the cache as state, ready to render', () => {
    const c = conversation({ unread: 2 });
    const patch = fromCache({
      conversations: [c],
      threads: { c1: [message(1)] },
      coldThreads: ['c2'],
      outbox: [],
      blocked: ['u9'],
      deletedCursor: 'cursor-1',
      changeCursor: 'changes-1',
    });
    expect(patch.conversations).to.deep.equal({ c1: c });
    expect(patch.blocked).to.deep.equal({ u9: true });
    expect(patch.coldThreads, 'a thread left on disk').to.deep.equal({ c2: [] });
    expect(patch.deletedCursor).to.equal('cursor-1');
    expect(patch.changeCursor).to.equal('changes-1');
    expect(patch.ready).to.equal(true);
    expect(unreadTotal(apply(state(), patch)), 'the counts come with the conversations').to.equal(2);
  });

  it('should hold the last message of a conversation new to the client, and merge a known one', () => {
    const first = conversationsArrived(state(), [conversation({ lastSeq: 3, lastMessage: message(3) })]);
    expect(first.threads!.c1!.map((m) => m.seq)).to.deep.equal([3]);
    const held = apply(state(), first);
    const again = conversationsArrived(held, [conversation({ lastSeq: 3, lastMessage: message(3), unread: 1 })]);
    expect(again.threads!.c1, 'the thread held is kept').to.equal(held.threads.c1);
    expect(again.conversations!.c1!.unread).to.equal(1);
    expect(conversationsArrived(held, []), 'nothing arrived: nothing changes').to.deep.equal({});
  });

  it('should fold messages into their threads and conversations, and stop the sender typing', () => {
    const s = state({
      conversations: { c1: conversation({ lastSeq: 1, lastMessage: message(1) }) },
      threads: { c1: [message(1)] },
      typing: { c1: { userId: SELLER } },
    });
    const patch = messagesArrived(s, [message(3, { senderId: SELLER }), message(2), message(1, { conversationId: 'c2' })]);
    expect(patch.threads!.c1!.map((m) => m.seq)).to.deep.equal([1, 2, 3]);
    expect(patch.threads!.c2!.map((m) => m.seq)).to.deep.equal([1]);
    expect(patch.conversations!.c1!.lastSeq).to.equal(3);
    expect(patch.conversations!.c2, 'an unknown conversation is not invented').to.equal(undefined);
    expect(patch.typing).to.deep.equal({});
    const own = messagesArrived(s, [message(2, { senderId: BUYER })]);
    expect(own.typing, 'another sender leaves the indicator').to.deep.equal({ c1: { userId: SELLER } });
  });

  it('should turn deleted messages into tombstones in the thread and the conversation preview', () => {
    const s = state({
      conversations: { c1: conversation({ lastSeq: 2, lastMessage: message(2) }) },
      threads: { c1: [message(1), message(2)] },
    });
    const patch = deletionsArrived(s, [{ conversationId: 'c1', messageId: 'm2', seq: 2 }]);
    const tombstone = patch.threads!.c1![1]!;
    expect(tombstone.body).to.equal('');
    expect(tombstone.deletedAt).to.be.a('string');
    expect(patch.conversations!.c1!.lastMessage!.body).to.equal('');
    expect(patch.conversations!.c1!.lastMessage!.deletedAt).to.be.a('string');
    expect(patch.threads!.c1![0]).to.equal(s.threads.c1![0]);
  });

  it('should apply a sync answer and drop the conversations it names as gone', () => {
    const s = state({
      conversations: { c1: conversation({ lastSeq: 1 }), gone: conversation({ id: 'gone' }) },
      threads: { c1: [message(1)], gone: [message(1, { conversationId: 'gone' })] },
    });
    const patch = syncArrived(s, {
      messages: [message(2)],
      conversations: [conversation({ id: 'c3', lastSeq: 1, lastMessage: message(1, { conversationId: 'c3' }) })],
      hasMore: false,
      deleted: [{ conversationId: 'c1', messageId: 'm1', seq: 1 }],
      deletedCursor: 'cursor-2',
      gone: ['gone'],
    });
    expect(Object.keys(patch.conversations!).sort()).to.deep.equal(['c1', 'c3']);
    expect(Object.keys(patch.threads!).sort()).to.deep.equal(['c1', 'c3']);
    expect(patch.threads!.c1!.map((m) => [m.seq, Boolean(m.deletedAt)])).to.deep.equal([
      [1, true],
      [2, false],
    ]);
    expect(patch.deletedCursor).to.equal('cursor-2');
  });

  it('should move a read position forward only', () => {
    const s = state({ conversations: { c1: conversation({ readSeq: { [SELLER]: 4 } }) } });
    expect(readArrived(s, { conversationId: 'c1', userId: SELLER, seq: 3 })).to.deep.equal({});
    expect(readArrived(s, { conversationId: 'nope', userId: SELLER, seq: 9 })).to.deep.equal({});
    const patch = readArrived(s, { conversationId: 'c1', userId: SELLER, seq: 6 });
    expect(patch.conversations!.c1!.readSeq).to.deep.equal({ [SELLER]: 6 });
  });

  it('should give a full check the last seq held of every conversation, most recent first', () => {
    const conversations: Record<string, Conversation> = {};
    for (let i = 0; i < LIMITS.syncMaxKnownConversations + 5; i++) {
      conversations[`c${i}`] = conversation({
        id: `c${i}`,
        lastSeq: 7,
        updatedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
      });
    }
    const asked = positions(state({ conversations, threads: { c1004: [message(1), message(2)] } }));
    expect(asked, 'none left out: the check names them in several requests').to.have.length(LIMITS.syncMaxKnownConversations + 5);
    expect(asked[0], 'the last seq held').to.deep.equal(['c1004', 2]);
    expect(asked[1], 'none held: the conversation view’s').to.deep.equal(['c1003', 7]);
    expect(asked.at(-1)).to.deep.equal(['c0', 7]);
  });

  it('should drop the messages held of a conversation to reload, keeping its view’s last message', () => {
    const s = state({ conversations: { c1: conversation({ lastSeq: 9 }) }, threads: { c1: [message(1), message(2)] } });
    const patch = syncArrived(s, {
      messages: [],
      conversations: [conversation({ lastSeq: 9, lastMessage: message(9) })],
      hasMore: false,
      deleted: [],
      deletedCursor: 'd',
      gone: [],
      reload: ['c1'],
    });
    expect(patch.threads!.c1!.map((m) => m.seq)).to.deep.equal([9]);
  });
});

describe('unread counts', () => {
  it('should count each conversation’s own counter, archived ones left out, and total them', () => {
    const s = state({
      conversations: {
        c1: conversation({ unread: 2 }),
        c2: conversation({ id: 'c2', unread: 3 }),
        c3: conversation({ id: 'c3', unread: 4, archived: true }),
      },
    });
    expect(unreadIn(s, 'c1')).to.equal(2);
    expect(unreadIn(s, 'c3')).to.equal(0);
    expect(unreadIn(s, 'unknown')).to.equal(0);
    expect(unreadTotal(s)).to.equal(5);
  });

  it('should take the server’s push into the conversations, replacing the map only when a counter changed', () => {
    const store = new Store(state({ conversations: { c1: conversation({ unread: 1 }), c2: conversation({ id: 'c2' }) } }));
    const handlers = liveHandlers({
      store,
      ownMessages: () => undefined,
      incoming: () => undefined,
      gap: () => undefined,
      refreshConversation: () => undefined,
      viewPushed: () => undefined,
      resync: () => undefined,
    });
    handlers.unread({ total: 3, conversations: { c2: 3 } });
    expect(unreadIn(store.state, 'c1')).to.equal(0);
    expect(unreadIn(store.state, 'c2')).to.equal(3);
    expect(unreadTotal(store.state)).to.equal(3);
    const before = store.state.conversations;
    handlers.unread({ total: 3, conversations: { c2: 3 } });
    expect(store.state.conversations).to.equal(before);
  });
});
