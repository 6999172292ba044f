// <parley-chat>'s sound toggle and the thread's mute action, against the real server in Chromium.
import { expect, fixture, html } from '@open-wc/testing';
import type { Conversation } from '../../../../protocol/index.ts';
import type { ParleyClient } from '../../client/parley-client.ts';
import '../../index.ts';
import { soundKey, soundOn } from '../../alerts/alert-settings.ts';
import { deep, waitFor } from '../../../test/dom.ts';
import { api, disposeClients, startClient, startPair, until } from '../../../test/helpers.ts';
import type { ParleyChat } from './parley-chat.ts';

const inlineChat = (client: ParleyClient, lang = 'en', conversation = '') =>
  fixture<ParleyChat>(html`<parley-chat inline lang=${lang} conversation=${conversation} .client=${client}></parley-chat>`);

describe('<parley-chat> sound setting and mute action', () => {
  afterEach(() => disposeClients());

  it('should turn the sound off and on, remembered per user on this device, in English and French', async () => {
    const { b, buyer } = await startPair('Clock');
    const chat = await inlineChat(b, 'fr');
    const toggle = await waitFor(() => deep<HTMLButtonElement>(chat, '[part="sound-button"]'), 'the toggle');
    expect(toggle.getAttribute('aria-label')).to.equal('Son des nouveaux messages');
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    const key = soundKey(b.options.server, b.state.me!);
    toggle.click();
    await waitFor(() => toggle.getAttribute('aria-pressed') === 'false', 'off');
    expect(soundOn(key)).to.equal(false);
    // Another tab (another client) of the same user reads the same setting; another user keeps theirs.
    const again = await inlineChat(await startClient(buyer));
    await waitFor(() => deep(again, '[part="sound-button"]')?.getAttribute('aria-pressed') === 'false', 'remembered');
    expect(deep(again, '[part="sound-button"]')!.getAttribute('aria-label')).to.equal('Sound for new messages');
    const other = await startClient('someone-else');
    expect(soundOn(soundKey(other.options.server, other.state.me!))).to.equal(true);
    toggle.click();
    await waitFor(() => toggle.getAttribute('aria-pressed') === 'true', 'on again');
    expect(soundOn(key)).to.equal(true);
  });

  it("should mute from the thread header, on the server and in the user's other tab, and unmute", async () => {
    const { b, buyer, conversation } = await startPair('Vase');
    const otherTab = await startClient(buyer);
    await until(otherTab, (s) => s.status === 'online' && Boolean(s.conversations[conversation.id]), 'other tab ready');
    const chat = await inlineChat(b, 'en', conversation.id);
    const mute = await waitFor(
      () => deep<HTMLButtonElement>(chat, 'parley-thread', '[aria-label="Mute this conversation"]'),
      'mute',
    );
    await expect(chat).to.be.accessible();
    mute.click();
    const unmute = await waitFor(
      () => deep<HTMLButtonElement>(chat, 'parley-thread', '[aria-label="Unmute this conversation"]'),
      'the action turns into unmute',
    );
    expect(b.state.conversations[conversation.id]!.muted).to.equal(true);
    const server = await api<{ conversation: Conversation }>(buyer, 'GET', `/api/v1/conversations/${conversation.id}`);
    expect(server.body.conversation.muted).to.equal(true);
    await until(otherTab, (s) => s.conversations[conversation.id]?.muted === true, 'the other tab learns of it');
    unmute.click();
    await until(otherTab, (s) => s.conversations[conversation.id]?.muted === false, 'unmuted everywhere');
    expect(b.state.conversations[conversation.id]!.muted).to.equal(false);
  });

  it('should name the mute action in French', async () => {
    const { b, conversation } = await startPair('Lampe');
    const chat = await inlineChat(b, 'fr', conversation.id);
    await waitFor(() => deep(chat, 'parley-thread', '[aria-label="Mettre cette conversation en sourdine"]'), 'French name');
  });
});
