// Leader election between tabs through the real Web Locks API (each TabLeader acts as one tab).
import { expect, waitUntil } from '@open-wc/testing';
import { waitFor } from '../../test/dom.ts';
import { uid } from '../../test/helpers.ts';
import { TabLeader } from './tab-leader.ts';

describe('TabLeader', () => {
  const leaders: TabLeader[] = [];
  const tab = (name: string) => {
    const leader = new TabLeader(name);
    leaders.push(leader);
    return leader;
  };
  afterEach(() => {
    for (const leader of leaders.splice(0)) leader.stop();
  });

  /** Resolves once the lock's holder and queue are as given (the lock manager's own view). */
  const lockIs = (name: string, held: number, pending: number) =>
    waitUntil(
      async () => {
        const { held: h = [], pending: p = [] } = await navigator.locks.query();
        return h.filter((l) => l.name === name).length === held && p.filter((l) => l.name === name).length === pending;
      },
      `lock ${name}: ${held} held, ${pending} waiting`,
      { timeout: 5000, interval: 20 },
    );

  it('should let the first tab lead and hand over to the next when it stops', async () => {
    const name = uid('lead');
    const first = tab(name);
    await waitFor(() => first.leading, 'first leads');
    const second = tab(name);
    await lockIs(name, 1, 1);
    expect(second.leading).to.equal(false);
    first.stop();
    await waitFor(() => second.leading, 'second takes over');
    expect(first.leading).to.equal(false);
  });

  it('should give the lead to the tab that claims it, the other waiting for its next turn', async () => {
    const name = uid('claim');
    const first = tab(name);
    await waitFor(() => first.leading, 'first leads');
    const second = tab(name);
    await lockIs(name, 1, 1);
    second.claim();
    await waitFor(() => second.leading && !first.leading, 'the claiming tab leads');
    await lockIs(name, 1, 1); // the first waits again, once: no pile of requests
    first.claim();
    await waitFor(() => first.leading && !second.leading, 'claimed back');
    second.stop();
    await lockIs(name, 1, 0);
    expect(first.leading).to.equal(true);
  });

  it('should lead alone where the browser has no Web Locks', () => {
    expect(new TabLeader('x', null).leading).to.equal(true);
  });
});
