// <parley-composer>: sending with Enter, typing reports, the counter in characters as the server counts them, the reply.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { LIMITS } from '../../../../protocol/index.ts';
import type { InternalEvent, InternalEventName } from '../../events/internal-events.ts';
import { localize } from '../../i18n/index.ts';
import { deep } from '../../../test/dom.ts';
import { ParleyComposer } from './parley-composer.ts';

ParleyComposer.define();

const textarea = (el: ParleyComposer) => deep<HTMLTextAreaElement>(el, 'textarea')!;
const sendButton = (el: ParleyComposer) => deep<HTMLButtonElement>(el, 'button.send')!;
const counter = (el: ParleyComposer) => deep(el, '.counter');

/** Types into the field as a paste would: one input event with the whole value. */
async function input(el: ParleyComposer, value: string): Promise<void> {
  textarea(el).value = value;
  textarea(el).dispatchEvent(new InputEvent('input'));
  await el.updateComplete;
}

/** The details of every `name` event the composer sends. */
function record<K extends InternalEventName>(el: ParleyComposer, name: K): InternalEvent<K>['detail'][] {
  const details: InternalEvent<K>['detail'][] = [];
  el.addEventListener(name, (e) => details.push((e as InternalEvent<K>).detail));
  return details;
}

describe('<parley-composer>', () => {
  it('should send the trimmed text with Enter, keep Shift+Enter as a new line, and empty the field', async () => {
    const el = await fixture<ParleyComposer>(html`<parley-composer></parley-composer>`);
    const sent = record(el, 'composer-send');
    textarea(el).focus();
    await sendKeys({ type: '  hello' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Enter' });
    await sendKeys({ up: 'Shift' });
    await sendKeys({ type: 'there  ' });
    expect(sent).to.deep.equal([]);
    await sendKeys({ press: 'Enter' });
    expect(sent).to.deep.equal([{ body: 'hello\nthere', photos: [] }]);
    await el.updateComplete;
    expect(textarea(el).value).to.equal('');
    await expect(el).to.be.accessible();
  });

  it('should send nothing while the field is empty or blank, the button disabled', async () => {
    const el = await fixture<ParleyComposer>(html`<parley-composer></parley-composer>`);
    const sent = record(el, 'composer-send');
    expect(sendButton(el).disabled).to.equal(true);
    await input(el, '   \n ');
    expect(sendButton(el).disabled).to.equal(true);
    deep<HTMLFormElement>(el, 'form')!.requestSubmit();
    expect(sent).to.deep.equal([]);
    await input(el, 'ok');
    expect(sendButton(el).disabled).to.equal(false);
    sendButton(el).click();
    expect(sent).to.deep.equal([{ body: 'ok', photos: [] }]);
  });

  it('should report typing when text appears, and its end when the field empties, loses focus or sends', async () => {
    const el = await fixture<ParleyComposer>(html`<parley-composer></parley-composer>`);
    const typing = record(el, 'composer-typing');
    textarea(el).focus();
    await input(el, 'h');
    await input(el, '');
    await input(el, 'hi');
    textarea(el).blur();
    textarea(el).focus();
    await input(el, 'hello');
    await sendKeys({ press: 'Enter' });
    expect(typing.map((d) => d.typing)).to.deep.equal([true, false, true, false, true, false]);
  });

  it('should count characters as the server does: an emoji is one, the limit can be reached and not passed', async () => {
    const el = await fixture<ParleyComposer>(html`<parley-composer></parley-composer>`);
    const sent = record(el, 'composer-send');
    await input(el, 'a'.repeat(100));
    expect(counter(el), 'no counter far from the limit').to.equal(null);
    await input(el, '😀'.repeat(LIMITS.bodyMaxChars - 1));
    expect(counter(el)!.textContent).to.equal('1 character left');
    await input(el, '😀'.repeat(LIMITS.bodyMaxChars));
    expect(counter(el)!.textContent).to.equal('0 characters left');
    expect(sendButton(el).disabled).to.equal(false);
    sendButton(el).click();
    expect(sent).to.have.length(1);
    await input(el, `${'😀'.repeat(LIMITS.bodyMaxChars)}a`);
    expect(counter(el)!.classList.contains('over')).to.equal(true);
    expect(sendButton(el).disabled).to.equal(true);
    await sendKeys({ press: 'Enter' });
    expect(sent).to.have.length(1);
  });

  it('should show the quoted message and drop it with its button or Esc, Esc going no further', async () => {
    const el = await fixture<ParleyComposer>(
      html`<parley-composer .l10n=${localize('fr')} .replyTo=${{ name: 'Bob', text: 'Toujours dispo ?', deleted: false }}></parley-composer>`,
    );
    const preview = deep(el, '.reply')!;
    expect(preview.textContent).to.contain('Réponse à Bob');
    expect(preview.textContent).to.contain('Toujours dispo ?');
    setTimeout(() => deep<HTMLButtonElement>(el, '.reply button')!.click());
    await oneEvent(el, 'composer-cancel-reply');

    let escaped = false;
    const onParent = () => (escaped = true);
    el.parentElement!.addEventListener('keydown', onParent);
    textarea(el).focus();
    setTimeout(() => void sendKeys({ press: 'Escape' }));
    await oneEvent(el, 'composer-cancel-reply');
    expect(escaped, 'the Esc that drops the reply does not close the chat').to.equal(false);
    el.replyTo = null;
    await el.updateComplete;
    await sendKeys({ press: 'Escape' });
    expect(escaped, 'without a reply, Esc goes on to the chat').to.equal(true);
    el.parentElement!.removeEventListener('keydown', onParent);
  });
});
