// Browser storage failing under the outbox: a full quota, IndexedDB closed mid-session. Queued only once stored; nothing lost.
import { expect, fixture, html } from '@open-wc/testing';
import {
  conversationBetween,
  disposeClients,
  goOffline,
  goOnline,
  serverMessages,
  startClient,
  uid,
  until,
} from '../../test/helpers.ts';
import { fr } from '../i18n/fr.ts';
import type { ParleyChat } from '../components/parley-chat/parley-chat.ts';
import '../index.ts';
import { deep, waitFor } from '../../test/dom.ts';

/**
 * Makes IndexedDB refuse every outbox write as a full disk does (the storage layer's only fault
 * double: the browser's IDBObjectStore.put throws QuotaExceededError for `outbox:` keys). Returns the
 * function that undoes it.
 */
function failOutboxWrites(): () => void {
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    if (typeof key === 'string' && key.startsWith('outbox:'))
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.call(this, value, key);
  };
  return () => {
    IDBObjectStore.prototype.put = put;
  };
}

/**
 * Closes the page's IndexedDB connection at its next transaction, as Safari does when its storage
 * process goes away ("Connection to Indexed Database server lost"): that transaction then throws
 * InvalidStateError, like every later one on the same connection.
 */
function closeConnectionAtNextTransaction(): { closed: () => number } {
  const transaction = IDBDatabase.prototype.transaction;
  let closed = 0;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    IDBDatabase.prototype.transaction = transaction;
    this.close();
    closed++;
    return transaction.apply(this, args);
  };
  return { closed: () => closed };
}

describe('ParleyClient storage faults', () => {
  let restore: (() => void) | null = null;
  afterEach(async () => {
    restore?.();
    restore = null;
    goOnline();
    await disposeClients();
  });

  it('should show a message as queued only once it is stored, tell the user when storage is full, and still send it', async () => {
    const buyer = uid('buyer');
    const conversation = await conversationBetween(buyer, uid('seller'));
    goOffline();
    const b = await startClient(buyer);
    expect(b.state.storage).to.equal('indexeddb');
    const chat = await fixture<ParleyChat>(html`<parley-chat inline lang="fr" .client=${b}></parley-chat>`);
    await waitFor(() => deep(chat, '[part="title"]'), 'the chat rendered');
    expect(deep(chat, '[part="notice"]')).to.equal(null);

    restore = failOutboxWrites();
    // Every state in which the message shows as queued, with where the outbox was kept at that moment.
    const shownWith: string[] = [];
    const stop = b.subscribe((st) => {
      if (st.outbox.some((i) => i.body === 'written with a full disk')) shownWith.push(st.storage);
    });
    await b.send(conversation.id, 'written with a full disk');
    stop();

    expect(shownWith.length).to.be.greaterThan(0);
    expect([...new Set(shownWith)]).to.deep.equal(['memory'], 'never shown queued while stored nowhere');
    expect(b.state.outbox.map((i) => [i.body, i.status])).to.deep.equal([['written with a full disk', 'pending']]);
    const notice = await waitFor(() => deep<HTMLElement>(chat, '[part="notice"]'), 'the notice');
    expect(notice?.textContent?.trim()).to.equal(fr.storageMemory);
    expect(notice!.getBoundingClientRect().height).to.be.greaterThan(0, 'the notice is visible');
    expect(notice!.getAttribute('role')).to.equal('status');

    restore();
    restore = null;
    goOnline();
    await until(b, (st) => st.outbox.length === 0, 'the message kept in memory is sent');
    expect((await serverMessages(buyer, conversation.id)).map((m) => m.body)).to.deep.equal(['written with a full disk']);
  });

  it('should open IndexedDB again when the browser closes it mid-session, so a queued message survives a reload', async () => {
    const buyer = uid('buyer');
    const conversation = await conversationBetween(buyer, uid('seller'));
    goOffline();
    const b = await startClient(buyer);
    await b.send(conversation.id, 'before the connection was lost');
    const fault = closeConnectionAtNextTransaction();
    await b.send(conversation.id, 'after the connection was lost');
    expect(fault.closed()).to.equal(1, 'the connection was closed under the client');
    expect(b.state.storage).to.equal('indexeddb', 'opened again, not degraded to memory');
    await b.dispose(); // the tab is closed: only what IndexedDB holds remains

    const again = await startClient(buyer);
    expect(again.state.outbox.map((i) => i.body)).to.deep.equal([
      'before the connection was lost',
      'after the connection was lost',
    ]);
    goOnline();
    await until(again, (st) => st.outbox.length === 0, 'the reloaded page drains the outbox');
    const stored = await serverMessages(buyer, conversation.id);
    expect(stored.map((m) => [m.seq, m.body])).to.deep.equal([
      [1, 'before the connection was lost'],
      [2, 'after the connection was lost'],
    ]);
  });
});
