// A conversation view pushed while a request for views is in flight: the older answer never has the last word.
import { expect } from '@open-wc/testing';
import type { Conversation, ConversationResponse } from '../../../protocol/index.ts';
import { conversation, state } from '../../test/models.ts';
import type { Connection } from './connection.ts';
import { liveHandlers } from './live.ts';
import type { RestClient } from './rest.ts';
import { Store } from './store.ts';
import { Sync } from './sync.ts';

/** A REST client whose answers the test gives by hand, in the order it chooses. */
class HandAnsweredRest {
  readonly calls: { path: string; answer(view: Conversation): void }[] = [];

  call<T>(_method: string, path: string): Promise<T> {
    return new Promise<T>((resolve) => {
      this.calls.push({ path, answer: (view) => resolve({ conversation: view } satisfies ConversationResponse as T) });
    });
  }
}

const titled = (title: string): Conversation =>
  conversation({ listing: { id: 'ad-1', title, url: null, imageUrl: null, price: null, status: null } });

function setUp() {
  const store = new Store(state({ conversations: { c1: titled('before') } }));
  const rest = new HandAnsweredRest();
  const sync = new Sync({
    store,
    connection: {} as Connection,
    rest: rest as unknown as RestClient,
    onMessages: () => undefined,
  });
  const live = liveHandlers({
    store,
    ownMessages: () => undefined,
    incoming: () => undefined,
    gap: () => undefined,
    refreshConversation: () => undefined,
    viewPushed: (id) => sync.viewPushed(id),
    resync: () => undefined,
  });
  const title = () => store.state.conversations.c1!.listing.title;
  return { store, rest, sync, live, title };
}

/** Lets the promise callbacks queued so far run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Sync and pushed views', () => {
  it('should fetch a conversation again when a push arrived while its older answer was in flight', async () => {
    const { rest, sync, live, title } = setUp();
    const fetched = sync.fetchConversation('c1');
    expect(rest.calls).to.have.length(1);
    live['conversation:updated'](titled('pushed'));
    expect(title()).to.equal('pushed');

    rest.calls[0]!.answer(titled('computed before the push'));
    await fetched;
    await settle();
    expect(rest.calls).to.have.length(2, 'asked again');
    rest.calls[1]!.answer(titled('after the push'));
    await settle();
    expect(title()).to.equal('after the push');
  });

  it('should fetch once when nothing was pushed meanwhile, and not for a push after the answer', async () => {
    const { rest, sync, live, title } = setUp();
    const fetched = sync.fetchConversation('c1');
    rest.calls[0]!.answer(titled('fetched'));
    await fetched;
    live['conversation:updated'](titled('pushed later'));
    await settle();
    expect(rest.calls).to.have.length(1);
    expect(title()).to.equal('pushed later');
  });
});
