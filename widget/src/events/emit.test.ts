// emit(): one typed helper for every widget event; public ones leave the shadow root, internal ones stay.
import { expect } from '@open-wc/testing';
import { emit } from './emit.ts';

/** A host element with a shadow root and a child inside it, attached to the document. */
function shadowTree() {
  const host = document.createElement('div');
  const inner = document.createElement('span');
  host.attachShadow({ mode: 'open' }).append(inner);
  document.body.append(host);
  return { host, inner, remove: () => host.remove() };
}

describe('emit', () => {
  it('should send a parley-* event out of the shadow root, bubbling, with its detail', () => {
    const { inner, remove } = shadowTree();
    const heard: CustomEvent[] = [];
    const listener = (e: Event) => heard.push(e as CustomEvent);
    document.addEventListener('parley-unread-change', listener);
    try {
      expect(emit(inner, 'parley-unread-change', { total: 3 })).to.equal(true);
      expect(heard).to.have.length(1);
      expect(heard[0]!.detail).to.deep.equal({ total: 3 });
      expect(heard[0]!.bubbles && heard[0]!.composed).to.equal(true);
      expect(heard[0]!.cancelable).to.equal(false);
    } finally {
      document.removeEventListener('parley-unread-change', listener);
      remove();
    }
  });

  it('should let a listener cancel parley-login-required and tell the caller', () => {
    const { inner, remove } = shadowTree();
    const cancel = (e: Event) => e.preventDefault();
    document.addEventListener('parley-login-required', cancel);
    try {
      expect(emit(inner, 'parley-login-required', {})).to.equal(false);
    } finally {
      document.removeEventListener('parley-login-required', cancel);
      remove();
    }
  });

  it('should keep an internal event on the element that sent it', () => {
    const { host, inner, remove } = shadowTree();
    const onElement: unknown[] = [];
    const outside: unknown[] = [];
    inner.addEventListener('composer-send', (e) => onElement.push(e.detail));
    host.addEventListener('composer-send', (e) => outside.push(e.detail));
    try {
      emit(inner, 'composer-send', { body: 'hello', photos: [] });
      expect(onElement).to.deep.equal([{ body: 'hello', photos: [] }]);
      expect(outside).to.deep.equal([]);
    } finally {
      remove();
    }
  });
});
