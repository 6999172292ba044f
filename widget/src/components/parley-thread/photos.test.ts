// Photos in <parley-chat> against the real server: attach with progress, seen live by the other party, the viewer, offline across a reload.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Message } from '../../../../protocol/index.ts';
import type { ParleyClient } from '../../client/parley-client.ts';
import '../../index.ts';
import { deep, deepActive, deepAll, waitFor } from '../../../test/dom.ts';
import {
  conversationBetween,
  disposeClients,
  goOffline,
  goOnline,
  serverMessages,
  startClient,
  startPair,
  uid,
  until,
} from '../../../test/helpers.ts';
import type { ParleyChat } from '../parley-chat/parley-chat.ts';

const inlineChat = (client: ParleyClient, conversation: string) =>
  fixture<ParleyChat>(html`<parley-chat inline lang="en" conversation=${conversation} .client=${client}></parley-chat>`);

/** A photo as a phone would give it: a 3000×2000 PNG file drawn on a canvas. */
async function photoFile(name = 'scratch.png', width = 3000, height = 2000): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#a33';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#39f';
  context.fillRect(0, 0, width / 2, height / 2);
  return new File([await canvas.convertToBlob({ type: 'image/png' })], name, { type: 'image/png' });
}

const composer = (chat: ParleyChat) => deep(chat, 'parley-thread', 'parley-composer')!;
const inComposer = <T extends Element = HTMLElement>(chat: ParleyChat, selector: string) =>
  deep<T>(chat, 'parley-thread', 'parley-composer', selector);

/** Chooses files through the attach button's file input, as the picker would. */
function pick(chat: ParleyChat, files: File[]): void {
  const input = inComposer<HTMLInputElement>(chat, 'input[type=file]')!;
  const transfer = new DataTransfer();
  for (const f of files) transfer.items.add(f);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change'));
}

describe('photos in <parley-chat>', () => {
  afterEach(async () => {
    goOnline();
    await disposeClients();
  });

  it('should attach a photo scaled down, show its upload progress, and show it live to the other party', async () => {
    const { conversation, b, s } = await startPair('Scratched table');
    const buyerChat = await inlineChat(b, conversation.id);
    const sellerChat = await inlineChat(s, conversation.id);
    const attach = inComposer(buyerChat, 'button.attach')!;
    expect(attach.getAttribute('aria-label')).to.equal('Attach photos');

    const progress: number[] = [];
    const upload = b.uploadPhoto.bind(b);
    b.uploadPhoto = (blob, options) =>
      upload(blob, { ...options, onProgress: (p) => (progress.push(p), options?.onProgress?.(p)) });
    pick(buyerChat, [await photoFile()]);
    await waitFor(() => inComposer(buyerChat, 'li.chip.ready'), 'the chip is uploaded');
    expect(progress.at(-1)).to.equal(1);
    expect(inComposer(buyerChat, 'li.chip img')!.getAttribute('alt')).to.equal('Photo');
    await expect(composer(buyerChat)).to.be.accessible();

    inComposer<HTMLButtonElement>(buyerChat, 'button.send')!.click();
    await until(b, (st) => st.outbox.length === 0, 'sent');
    const img = await waitFor(
      () => deep<HTMLImageElement>(sellerChat, 'parley-thread', '.photo img'),
      'the seller sees the photo',
    );
    // Scaled down in the browser to 2048 px, so the server kept that size: the aspect ratio is known before loading.
    expect([img.getAttribute('width'), img.getAttribute('height')]).to.deep.equal(['2048', '1365']);
    expect(img.getAttribute('loading')).to.equal('lazy');
    await waitFor(() => img.complete && img.naturalWidth === 480, 'the thumbnail loads from its signed URL');
    const list = await fixture(html`<parley-conversation-list lang="en" .client=${s}></parley-conversation-list>`);
    await waitFor(() => list.shadowRoot!.textContent!.includes('Photo'), '"Photo" is the list preview');

    // A URL that no longer works (expired in a cached thread): the message is fetched again, once.
    const refreshed: number[] = [];
    const refresh = s.refreshMessage.bind(s);
    s.refreshMessage = (id, seq) => (refreshed.push(seq), refresh(id, seq));
    img.src = img.src.replace('sig=', 'sig=x');
    await waitFor(() => refreshed.length === 1, 'the message is fetched again');
  });

  it('should cancel an upload, and remove a chip', async () => {
    const { conversation, b } = await startPair();
    const chat = await inlineChat(b, conversation.id);
    let signal: AbortSignal | undefined;
    b.uploadPhoto = (_blob, options) => {
      signal = options?.signal;
      return new Promise((_resolve, reject) =>
        signal!.addEventListener('abort', () => reject(new DOMException('', 'AbortError'))),
      );
    };
    pick(chat, [await photoFile('a.png', 200, 100)]);
    const cancel = await waitFor(
      () => inComposer<HTMLButtonElement>(chat, 'li.chip.uploading button[aria-label="Cancel"]'),
      'uploading',
    );
    expect(inComposer<HTMLButtonElement>(chat, 'button.send')!.disabled).to.equal(true);
    cancel.click();
    expect(signal!.aborted).to.equal(true);
    await waitFor(() => !inComposer(chat, 'li.chip'), 'the chip is gone');
  });

  it('should open the viewer with the keyboard, move with the arrows, keep the focus inside and close with Esc', async () => {
    const { conversation, b, s } = await startPair();
    const photos = [await photoFile('1.png', 300, 200), await photoFile('2.png', 200, 300)];
    await b.send(conversation.id, 'two photos', {
      photos: await Promise.all(
        photos.map(async (f, i) => ({ blob: f, width: i ? 200 : 300, height: i ? 300 : 200, uploadId: null })),
      ),
    });
    await until(b, (st) => st.outbox.length === 0, 'sent');
    const chat = await inlineChat(s, conversation.id);
    const thumb = await waitFor(() => deepAll<HTMLButtonElement>(chat, 'parley-thread', '.photo')[0], 'thumbnails');
    thumb.focus();
    await sendKeys({ press: 'Enter' });
    const dialog = await waitFor(() => deep<HTMLDialogElement>(chat, 'parley-thread', 'dialog[open]'), 'the viewer opens');
    expect(dialog.getAttribute('aria-label')).to.equal('Photo 1 of 2');
    await expect(dialog).to.be.accessible();
    await sendKeys({ press: 'ArrowRight' });
    await waitFor(() => dialog.getAttribute('aria-label') === 'Photo 2 of 2', 'the next photo');
    await sendKeys({ press: 'ArrowRight' });
    await waitFor(() => dialog.getAttribute('aria-label') === 'Photo 1 of 2', 'wraps around');
    for (let i = 0; i < 5; i++) {
      await sendKeys({ press: 'Tab' });
      expect(dialog.contains(deepActive())).to.equal(true, 'the focus stays in the viewer');
    }
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !deep(chat, 'parley-thread', 'dialog'), 'closed');
    expect(deepActive()).to.equal(thumb);
  });

  it('should keep a photo chosen offline across a reload and send it once when back online', async () => {
    const buyer = uid('buyer');
    const seller = uid('seller');
    const conversation = await conversationBetween(buyer, seller);
    const first = await startClient(buyer);
    const chat = await inlineChat(first, conversation.id);
    await waitFor(() => inComposer(chat, 'input[type=file]'), 'the thread is shown');
    goOffline();
    await until(first, (st) => st.status === 'offline', 'offline');
    pick(chat, [await photoFile('offline.png', 1000, 800)]);
    await waitFor(() => inComposer(chat, 'li.chip.waiting'), 'waits for the connection');
    inComposer<HTMLButtonElement>(chat, 'button.send')!.click();
    await until(first, (st) => st.outbox.length === 1, 'queued');
    const queued = await waitFor(() => deep<HTMLImageElement>(chat, 'parley-thread', '.photo img'), 'shown queued from its blob');
    expect(queued.src.startsWith('blob:')).to.equal(true);
    chat.remove();
    await first.dispose(); // the tab is closed

    goOnline();
    const second = await startClient(buyer);
    expect(second.state.outbox[0]!.photos![0]!.blob.size).to.be.greaterThan(0);
    await until(second, (st) => st.outbox.length === 0, 'the reloaded page uploads and sends it');
    const stored = (await serverMessages(buyer, conversation.id)) as unknown as Message[];
    expect(stored).to.have.length(1);
    expect(stored[0]!.attachments.map((a) => [a.width, a.height])).to.deep.equal([[1000, 800]]);
  });
});
