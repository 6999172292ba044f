// The script tag's settings: each data- attribute read, the title badge on unless turned off.
import { expect } from '@open-wc/testing';
import { readScriptConfig } from './script-config.ts';

/** A script tag with these data- attributes (not inserted: nothing loads). */
function scriptWith(data: Record<string, string>): HTMLScriptElement {
  const script = document.createElement('script');
  script.src = 'https://chat.example.com/parley.js';
  Object.assign(script.dataset, data);
  return script;
}

describe('readScriptConfig', () => {
  it('should read the settings, the server defaulting to where the script came from', () => {
    expect(readScriptConfig(scriptWith({ tokenUrl: '/t', locale: 'fr' }))).to.deep.equal({
      server: 'https://chat.example.com',
      tokenUrl: '/t',
      loginUrl: null,
      inboxUrl: null,
      locale: 'fr',
      titleBadge: true,
    });
  });

  it('should turn the title badge off with data-title-badge="off" or "false" only', () => {
    expect(readScriptConfig(scriptWith({ titleBadge: 'off' })).titleBadge).to.equal(false);
    expect(readScriptConfig(scriptWith({ titleBadge: 'FALSE' })).titleBadge).to.equal(false);
    expect(readScriptConfig(scriptWith({ titleBadge: 'on' })).titleBadge).to.equal(true);
    expect(readScriptConfig(scriptWith({ titleBadge: '' })).titleBadge).to.equal(true);
    expect(readScriptConfig(null).titleBadge).to.equal(true);
  });
});
