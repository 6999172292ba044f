// A user suspended through the server API: their client stops and says why; the other party is told.
import { expect, fixture, html } from '@open-wc/testing';
import type { ParleyClient } from '../../client/parley-client.ts';
import { localize } from '../../i18n/index.ts';
import { deep, deepAll, waitFor } from '../../../test/dom.ts';
import { adminApi, disposeClients, sendAs, startPair, until } from '../../../test/helpers.ts';
import { ParleyThread } from './parley-thread.ts';

ParleyThread.define();

const threadFor = (client: ParleyClient, conversationId: string, locale: string) =>
  fixture<ParleyThread>(
    html`<parley-thread .client=${client} .l10n=${localize(locale)} .conversationId=${conversationId} active></parley-thread>`,
  );

describe('suspension', () => {
  afterEach(async () => {
    await disposeClients();
  });

  it("should stop the suspended user's client and tell the other party, in their language, until it is lifted", async () => {
    const { buyer, conversation, b, s } = await startPair();
    await sendAs(buyer, conversation.id, 'Is it still available?'); // a seller learns of a conversation with its first message
    const sellerThread = await threadFor(s, conversation.id, 'fr');
    await waitFor(() => deep(sellerThread, 'parley-composer'), 'thread');
    expect((await adminApi('PUT', `/users/${buyer}/suspension`, { suspended: true })).status).to.equal(204);
    await until(b, (st) => st.auth === 'suspended' && st.status === 'offline', 'the buyer is stopped');
    // Among the thread's notices (another, such as a failed action's, may show above it).
    const notices = () => deepAll(sellerThread, '.notice').map((n) => n.textContent);
    await waitFor(() => notices().includes(`Le compte de Name of ${buyer} est suspendu.`), 'told');

    expect((await adminApi('PUT', `/users/${buyer}/suspension`, { suspended: false })).status).to.equal(204);
    await waitFor(() => !notices().some((text) => text?.includes('suspendu')), 'lifted');
  });
});
