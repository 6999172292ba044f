// The client against the real server: catch-up, reconnection, gap filling, cache, tokens, storage, receipts.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { createStore, get, setMany } from 'idb-keyval';
import { LIMITS, type Conversation } from '../../../protocol/index.ts';
import {
  api,
  conversationBetween,
  disposeClients,
  goOffline,
  goOnline,
  recordRequests,
  sendAs,
  startClient,
  tokenFor,
  uid,
  until,
} from '../../test/helpers.ts';
import type { ConnectionStatus } from './types.ts';
import { unreadTotal } from './selectors.ts';

const bodies = (s: { threads: Readonly<Record<string, readonly { body: string }[]>> }, id: string) =>
  (s.threads[id] ?? []).map((m) => m.body);

describe('ParleyClient sync', () => {
  afterEach(async () => {
    goOnline();
    await disposeClients();
  });

  it('should catch up on what it missed while offline', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    await sendAs(buyer, conversation.id, 'hi');
    const b = await startClient(buyer);
    await until(b, (st) => st.status === 'online' && bodies(st, conversation.id).length === 1, 'first sync');
    goOffline();
    await until(b, (st) => st.status === 'offline', 'offline');
    await sendAs(seller, conversation.id, 'answer 1');
    await sendAs(seller, conversation.id, 'answer 2');
    await sendAs(seller, conversation.id, 'answer 3');
    expect(bodies(b.state, conversation.id)).to.deep.equal(['hi']);

    goOnline();
    await until(b, (st) => bodies(st, conversation.id).length === 4, 'caught up');
    expect(bodies(b.state, conversation.id)).to.deep.equal(['hi', 'answer 1', 'answer 2', 'answer 3']);
    expect(b.state.conversations[conversation.id]!.lastMessage?.body).to.equal('answer 3');
  });

  it('should reconnect by itself when the server drops the socket, and catch up', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    const b = await startClient(buyer);
    await until(b, (st) => st.status === 'online', 'online');
    const seen: ConnectionStatus[] = [];
    b.subscribe((s, prev) => s.status !== prev.status && seen.push(s.status));
    await executeServerCommand('parley-disconnect', { sub: buyer });
    await sendAs(seller, conversation.id, 'sent around the drop');
    await until(b, (st) => st.status === 'online' && bodies(st, conversation.id).length === 1, 'back with the message');
    expect(seen[0]).to.equal('connecting');
    expect(seen[seen.length - 1]).to.equal('online');
  });

  it('should fetch the missing range when a live seq jumps', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    const b = await startClient(buyer);
    await until(b, (st) => st.status === 'online', 'online');
    await sendAs(seller, conversation.id, 'm1');
    await until(b, (st) => bodies(st, conversation.id).length === 1, 'm1 live');
    // The buyer's socket stays connected but hears nothing of m2 and m3.
    await executeServerCommand('parley-mute', { sub: buyer, muted: true });
    await sendAs(seller, conversation.id, 'm2');
    await sendAs(seller, conversation.id, 'm3');
    await executeServerCommand('parley-mute', { sub: buyer, muted: false });
    await sendAs(seller, conversation.id, 'm4');
    await until(b, (st) => bodies(st, conversation.id).length === 4, 'gap filled');
    expect(b.state.threads[conversation.id]!.map((m) => m.seq)).to.deep.equal([1, 2, 3, 4]);
    expect(bodies(b.state, conversation.id)).to.deep.equal(['m1', 'm2', 'm3', 'm4']);
  });

  it('should render from the cache first and keep each user’s cache apart', async () => {
    const alice = uid('alice');
    const bob = uid('bob');
    const conversation = await conversationBetween(alice, bob, 'Red sofa');
    await sendAs(alice, conversation.id, 'private to alice and bob');
    const first = await startClient(alice);
    await until(first, (st) => bodies(st, conversation.id).length === 1, 'synced');
    await disposeClients(); // flushes the cache

    goOffline();
    const again = await startClient(alice);
    expect(again.state.status).to.equal('offline');
    expect(again.state.storage).to.equal('indexeddb');
    expect(again.state.conversations[conversation.id]?.listing.title).to.equal('Red sofa');
    expect(bodies(again.state, conversation.id)).to.deep.equal(['private to alice and bob']);

    const other = await startClient(uid('mallory'));
    expect(other.state.ready).to.equal(true);
    expect(Object.keys(other.state.conversations)).to.have.length(0);
    expect(Object.keys(other.state.threads)).to.have.length(0);
    const names = (await indexedDB.databases()).map((d) => d.name ?? '');
    expect(names.some((n) => n.endsWith(`:market:${alice}`))).to.equal(true);
  });

  it('should refresh a refused token once, then connect', async () => {
    const buyer = uid('buyer');
    const calls: boolean[] = [];
    const b = await startClient(buyer, {
      getToken: async (o) => {
        calls.push(Boolean(o?.forceRefresh));
        // A token the server refuses until the client asks for a fresh one.
        return o?.forceRefresh ? tokenFor(buyer) : tokenFor(buyer, { invalid: true });
      },
    });
    await until(b, (st) => st.status === 'online', 'online with the refreshed token');
    expect(calls.filter(Boolean)).to.have.length(1);
    expect(b.state.auth).to.equal('signed-in');
  });

  it('should give up after a refreshed token is refused too', async () => {
    const b = await startClient(uid('buyer'), { getToken: () => tokenFor('whoever', { invalid: true }) });
    const errors: string[] = [];
    b.on('error', (e) => errors.push(e.code));
    await until(b, (st) => st.auth === 'rejected', 'rejected');
    expect(b.state.status).to.equal('offline');
    expect(errors).to.deep.equal(['unauthorized']);
  });

  it('should stay signed out without a token', async () => {
    const b = await startClient(uid('nobody'), { getToken: async () => null });
    await until(b, (st) => st.auth === 'signed-out' && st.status === 'offline', 'signed out');
  });

  it('should fall back to memory when IndexedDB fails, and still only show acknowledged messages as sent', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'InvalidStateError');
    };
    try {
      const b = await startClient(buyer);
      expect(b.state.storage).to.equal('memory');
      await until(b, (st) => st.status === 'online', 'online');
      await b.send(conversation.id, 'kept in memory');
      expect(b.state.outbox).to.have.length(1);
      await until(b, (st) => st.outbox.length === 0 && bodies(st, conversation.id).length === 1, 'acknowledged');
    } finally {
      IDBFactory.prototype.open = open;
    }
  });

  it('should show deletions, read receipts and typing from the other party', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    const b = await startClient(buyer);
    const s = await startClient(seller);
    await until(b, (st) => st.status === 'online', 'buyer online');
    await until(s, (st) => st.status === 'online', 'seller online');
    await b.send(conversation.id, 'to be deleted');
    await until(s, (st) => bodies(st, conversation.id).length === 1, 'seller has it');

    s.setTyping(conversation.id, true);
    await until(b, (st) => st.typing[conversation.id]?.userId === seller, 'buyer sees typing');
    s.setTyping(conversation.id, false);
    await until(b, (st) => !st.typing[conversation.id], 'typing stops');

    await s.markRead(conversation.id);
    await until(b, (st) => (st.conversations[conversation.id]!.readSeq[seller] ?? 0) >= 1, 'read receipt');
    expect(unreadTotal(s.state)).to.equal(0);

    const message = b.state.threads[conversation.id]![0]!;
    await b.deleteMessage(message.id);
    await until(s, (st) => st.threads[conversation.id]![0]!.deletedAt !== null, 'tombstone for the seller');
    await until(b, (st) => st.threads[conversation.id]![0]!.deletedAt !== null, 'tombstone for the buyer');
    expect(s.state.threads[conversation.id]![0]!.body).to.equal('');
  });

  it('should learn of a deletion that happened while it was away', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    await sendAs(seller, conversation.id, 'regret');
    const b = await startClient(buyer);
    await until(b, (st) => st.status === 'online' && bodies(st, conversation.id).length === 1, 'synced');
    goOffline();
    await until(b, (st) => st.status === 'offline', 'offline');
    const id = b.state.threads[conversation.id]![0]!.id;
    expect((await api(seller, 'DELETE', `/api/v1/messages/${id}`)).status).to.equal(204);
    goOnline();
    await until(b, (st) => st.threads[conversation.id]![0]!.deletedAt !== null, 'tombstone from sync');
    expect(b.state.threads[conversation.id]![0]!.body).to.equal('');
  });

  it('should drop conversations the server says are not its own, keep the rest, and forget them in the cache', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const mine = await conversationBetween(buyer, seller);
    const theirs = await conversationBetween(uid('other'), uid('stranger'));
    const first = await startClient(buyer);
    await until(first, (st) => Boolean(st.conversations[mine.id]), 'synced');
    await disposeClients();
    // A cache holding a conversation this user is not in (e.g. data from a reset server).
    const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.endsWith(`:market:${buyer}`))!;
    const kv = createStore(name, 'kv');
    const cached = (await get<Conversation[]>('conversations', kv)) ?? [];
    // Its change cursor comes from the other database too (ahead of this one): the server resets it,
    // and the full check that follows names every conversation held.
    await setMany(
      [
        ['conversations', [...cached, theirs]],
        [`thread:${theirs.id}`, []],
        ['changeCursor', '999999999:999999999:'],
      ],
      kv,
    );
    await sendAs(seller, mine.id, 'while away');

    const b = await startClient(buyer);
    expect(b.state.conversations[theirs.id]).to.not.equal(undefined);
    await until(
      b,
      (st) => !st.conversations[theirs.id] && bodies(st, mine.id).includes('while away'),
      'stale one dropped, own one caught up',
    );
    expect(b.state.threads[theirs.id]).to.equal(undefined);
    await b.flush();
    expect(await get(`thread:${theirs.id}`, kv)).to.equal(undefined);
    expect((await get<Conversation[]>('conversations', kv))!.map((c) => c.id)).to.deep.equal([mine.id]);
  });

  it('should keep the cursors in each user’s cache and send the change cursor alone with the next sync', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    await sendAs(seller, conversation.id, 'soon gone');
    const first = await startClient(buyer);
    await until(
      first,
      (st) => bodies(st, conversation.id).length === 1 && st.deletedCursor !== null && st.changeCursor !== null,
      'cursors from the first sync',
    );
    const cursor = first.state.changeCursor;
    await first.flush();
    await disposeClients();

    goOffline();
    const again = await startClient(buyer);
    expect(again.state.changeCursor).to.equal(cursor);
    expect(again.state.deletedCursor).to.equal(first.state.deletedCursor);
    const someone = await startClient(uid('someone'));
    expect([someone.state.deletedCursor, someone.state.changeCursor]).to.deep.equal([null, null]);
    const sent = recordRequests(again, 'sync');
    const id = again.state.threads[conversation.id]![0]!.id;
    expect((await api(seller, 'DELETE', `/api/v1/messages/${id}`)).status).to.equal(204);
    goOnline();
    await until(
      again,
      (st) => st.threads[conversation.id]![0]!.deletedAt !== null && st.changeCursor !== cursor,
      'tombstone, new cursor',
    );
    expect(sent[0]).to.deep.equal({ changeCursor: cursor });
  });

  it('should catch up through the change cursor: a deletion, a conversation changed and one new while offline', async () => {
    const buyer = uid('buyer');
    const [s1, s2, s3] = [uid('seller'), uid('seller'), uid('seller')];
    const changed = await conversationBetween(buyer, s1);
    const deleting = await conversationBetween(buyer, s2);
    await sendAs(s1, changed.id, 'first');
    await sendAs(s2, deleting.id, 'to be deleted');
    const b = await startClient(buyer);
    await until(b, (st) => st.status === 'online' && !st.syncing && st.changeCursor !== null, 'checked in full');
    const cursor = b.state.changeCursor;
    const doomed = b.state.threads[deleting.id]![0]!;
    const sent = recordRequests(b, 'sync');
    goOffline();
    await until(b, (st) => st.status === 'offline', 'offline');
    await sendAs(s1, changed.id, 'while offline');
    expect((await api(s2, 'DELETE', `/api/v1/messages/${doomed.id}`)).status).to.equal(204);
    const fresh = await conversationBetween(buyer, s3);
    await sendAs(s3, fresh.id, 'new here');

    goOnline();
    await until(
      b,
      (st) =>
        bodies(st, changed.id).join() === 'first,while offline' &&
        st.threads[deleting.id]![0]!.deletedAt !== null &&
        bodies(st, fresh.id).join() === 'new here' &&
        !st.syncing,
      'caught up through the cursor',
    );
    expect(sent[0], 'the cursor alone, no conversation named').to.deep.equal({ changeCursor: cursor });
    expect(b.state.changeCursor).to.not.equal(cursor);
    expect(b.state.conversations[deleting.id]!.lastMessage?.deletedAt).to.not.equal(null);
  });

  it('should wipe the user’s data on logout', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    const b = await startClient(buyer);
    await until(b, (st) => Boolean(st.conversations[conversation.id]), 'synced');
    await b.flush();
    await b.logout();
    expect(b.state.auth).to.equal('signed-out');
    expect(Object.keys(b.state.conversations)).to.have.length(0);
    goOffline();
    const again = await startClient(buyer);
    expect(Object.keys(again.state.conversations)).to.have.length(0);
  });

  it('should wait out a rate_limited sync and catch up, rather than give up until the next connect', async function () {
    this.timeout(LIMITS.syncWindowMs + 15_000);
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    const b = await startClient(buyer);
    await until(b, (st) => st.status === 'online' && !st.syncing, 'first sync');
    // The user's sync budget spent, as by many tabs reconnecting at once.
    for (let i = 1; i < LIMITS.syncBurst; i++) await b.refresh();
    goOffline();
    await until(b, (st) => st.status === 'offline', 'offline');
    // Written from the user's other device: no unread count moves, so only a sync brings it.
    await sendAs(buyer, conversation.id, 'sent while the budget was spent');
    goOnline();
    await until(
      b,
      (st) => bodies(st, conversation.id).includes('sent while the budget was spent'),
      'caught up',
      LIMITS.syncWindowMs + 10_000,
    );
  });
});
