// Threads left on disk at start (a busy seller's cache): read when needed, never overwritten, deletions kept.
import { expect } from '@open-wc/testing';
import { message, state } from '../../test/models.ts';
import {
  conversationBetween,
  disposeClients,
  goOffline,
  goOnline,
  sendAs,
  serverUrl,
  startClient,
  uid,
  until,
} from '../../test/helpers.ts';
import { Cache, THREADS_READ_AT_START } from './cache.ts';
import { deletionsArrived, messagesArrived, syncArrived, threadsWarmed } from './reducers.ts';
import type { ParleyState } from './types.ts';

const apply = (s: ParleyState, patch: Partial<ParleyState>): ParleyState => ({ ...s, ...patch });
const seqs = (s: ParleyState, id = 'c1') => s.threads[id]?.map((m) => m.seq);

describe('cold threads (reducers)', () => {
  it('should merge a thread read from disk under what arrived since, and keep the deletions heard of meanwhile', () => {
    let s = state({ coldThreads: { c1: [] } });
    s = apply(s, messagesArrived(s, [message(4)]));
    s = apply(s, deletionsArrived(s, [{ conversationId: 'c1', messageId: 'm2', seq: 2 }]));
    expect(s.coldThreads.c1).to.deep.equal(['m2']);
    const disk = { c1: [message(1), message(2), message(3)] };
    s = apply(s, threadsWarmed(s, disk, ['c1']));
    expect(seqs(s)).to.deep.equal([1, 2, 3, 4]);
    expect(s.threads.c1![1]!.deletedAt, 'deleted while on disk').to.not.equal(null);
    expect(s.threads.c1![1]!.body).to.equal('');
    expect(s.coldThreads).to.deep.equal({});
  });

  it('should keep the very array read from disk when nothing changed it, and skip a conversation already read', () => {
    const disk = { c1: [message(1)] };
    const s = apply(state({ coldThreads: { c1: [] } }), threadsWarmed(state({ coldThreads: { c1: [] } }), disk, ['c1']));
    expect(s.threads.c1).to.equal(disk.c1);
    const again = threadsWarmed(s, { c1: [message(9)] }, ['c1']);
    expect(again.threads!.c1).to.equal(disk.c1, 'no longer cold: not read twice');
  });

  it('should forget the disk copy of a conversation to reload or gone', () => {
    const s = state({ coldThreads: { c1: [], c2: [], c3: [] } });
    const patch = syncArrived(s, {
      messages: [],
      conversations: [],
      hasMore: false,
      deleted: [],
      deletedCursor: 'd',
      gone: ['c2'],
      reload: ['c3'],
    });
    expect(patch.coldThreads).to.deep.equal({ c1: [] });
  });
});

describe('cold threads (cache and client)', () => {
  afterEach(async () => {
    goOnline();
    await disposeClients();
  });

  it('should read the open conversation and the most recent ones at start, and the others when asked', async () => {
    const cache = new Cache({ name: uid('cold-cache'), currentOutbox: () => [], onDegraded: () => {} });
    const ids = Array.from({ length: 30 }, (_, i) => `c${i}`);
    cache.saveConversations(
      ids.map((id, i) => ({ ...conversationAt(i), id, lastMessage: message(1, { conversationId: id, createdAt: at(i) }) })),
    );
    for (const id of ids) cache.saveThread(id, [message(1, { conversationId: id })]);
    await cache.flush();
    const loaded = await cache.load('c0');
    const read = Object.keys(loaded.threads);
    expect(read.length).to.equal(THREADS_READ_AT_START);
    expect(read).to.include('c0', 'the open one, although the oldest');
    expect(read).to.include('c29', 'the most recent');
    expect(loaded.coldThreads.length).to.equal(30 - THREADS_READ_AT_START);
    expect(loaded.coldThreads).to.not.include('c0');
    const later = await cache.loadThreads(loaded.coldThreads);
    expect(Object.keys(later).sort()).to.deep.equal([...loaded.coldThreads].sort());
    await cache.wipe();
  });

  it("should not lose a cold thread's cached messages when a newer one arrives before it is read", async () => {
    const seller = uid('seller');
    const buyer = uid('buyer');
    const old = await conversationBetween(buyer, seller, 'Old lamp');
    for (const body of ['one', 'two', 'three']) await sendAs(buyer, old.id, body);
    // More recent conversations than the cache reads at start: the old one starts cold next time.
    for (let i = 0; i < THREADS_READ_AT_START; i++) {
      const c = await conversationBetween(uid('other'), seller, `Chair ${i}`);
      await sendAs(c.buyer.id, c.id, 'hello');
    }
    let client = await startClient(seller);
    await until(client, (s) => Object.keys(s.conversations).length === THREADS_READ_AT_START + 1, 'every conversation');
    await client.loadConversation(old.id);
    await until(client, (s) => s.threads[old.id]?.length === 3, 'the old thread held');
    await disposeClients();

    await sendAs(buyer, old.id, 'four');
    client = await startClient(seller);
    await until(client, (s) => s.threads[old.id]?.some((m) => m.body === 'four') ?? false, 'the new message');
    await until(client, (s) => seqs(s, old.id)?.length === 4, 'the cached messages under it');
    await disposeClients();

    goOffline();
    client = await startClient(seller);
    await until(client, (s) => seqs(s, old.id)?.length === 4, 'stored whole on disk');
    expect(seqs(client.state, old.id)).to.deep.equal([1, 2, 3, 4]);
  });

  it('should search cold threads offline, and read them all in the background', async () => {
    const seller = uid('seller');
    const first = await startClient(seller);
    await until(first, (s) => s.me !== null, 'signed in');
    const me = first.state.me!;
    await disposeClients();
    const cache = new Cache({
      name: `parley:${new URL(await serverUrl()).origin}:${me.siteId}:${me.userId}`,
      currentOutbox: () => [],
      onDegraded: () => {},
    });
    const ids = Array.from({ length: 40 }, (_, i) => `cold-${uid('c')}-${i}`);
    cache.saveConversations(
      ids.map((id, i) => ({
        ...conversationAt(i, seller),
        id,
        lastMessage: message(2, { conversationId: id, createdAt: at(i) }),
      })),
    );
    ids.forEach((id, i) =>
      cache.saveThread(id, [
        message(1, { conversationId: id, body: i === 0 ? 'an old zeppelin' : 'hi' }),
        message(2, { conversationId: id }),
      ]),
    );
    await cache.flush();
    goOffline();
    const client = await startClient(seller);
    const answer = await client.search('zeppelin');
    expect(answer.offline).to.equal(true);
    expect(answer.results.map((r) => r.conversationId)).to.deep.equal([ids[0]]);
    await until(client, (s) => Object.keys(s.coldThreads).length === 0, 'every thread read');
    expect(ids.every((id) => client.state.threads[id]?.length === 2)).to.equal(true);
  });
});

function at(i: number): string {
  return new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
}

function conversationAt(i: number, seller = 'seller-1') {
  return {
    listing: { id: 'ad', title: `Listing ${i}`, url: null, imageUrl: null, price: null, status: null },
    buyer: { id: `b${i}`, name: `Buyer ${i}`, picture: null, suspended: false },
    seller: { id: seller, name: 'Me', picture: null, suspended: false },
    lastSeq: 2,
    unread: 0,
    readSeq: {},
    archived: false,
    muted: false,
    createdAt: at(i),
    updatedAt: at(i),
  };
}
