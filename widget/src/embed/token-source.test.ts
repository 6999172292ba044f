// The token URL source: cached until a minute before expiry, fetched again before it, after a refusal, 401 = signed out.
import { expect, waitUntil } from '@open-wc/testing';
import { identityOf } from '../client/token.ts';
import { serverUrl, uid } from '../../test/helpers.ts';
import { tokenGetter } from './token-source.ts';

describe('token source', () => {
  const realFetch = window.fetch;
  let calls: { url: string; credentials: RequestCredentials | undefined }[] = [];
  const stops: (() => void)[] = [];
  beforeEach(async () => {
    await serverUrl();
    calls = [];
    window.fetch = (input, init) => {
      calls.push({ url: String(input), credentials: init?.credentials });
      return realFetch(input, init);
    };
  });
  afterEach(() => {
    window.fetch = realFetch;
    for (const stop of stops.splice(0)) stop();
  });

  it('should fetch the token URL with the host cookies once, then reuse the token until it nears expiry', async () => {
    const user = uid('tok');
    const source = tokenGetter({ tokenUrl: `/test-token-url?user=${user}` });
    stops.push(source.stop);
    const first = await source.getToken();
    expect(identityOf(first!)!.userId).to.equal(user);
    expect(await source.getToken()).to.equal(first);
    expect(calls.length).to.equal(1);
    expect(calls[0]!.credentials).to.equal('include');
  });

  it('should fetch a new token after the server refused one (forceRefresh)', async () => {
    const source = tokenGetter({ tokenUrl: `/test-token-url?user=${uid('tok')}` });
    stops.push(source.stop);
    await source.getToken();
    await source.getToken({ forceRefresh: true });
    expect(calls.length).to.equal(2);
  });

  it('should fetch the next token by itself shortly before the current one expires', async () => {
    const source = tokenGetter({ tokenUrl: `/test-token-url?user=${uid('tok')}&ttl=62` });
    stops.push(source.stop);
    await source.getToken();
    expect(calls.length).to.equal(1);
    await waitUntil(() => calls.length === 2, 'a refresh before expiry', { timeout: 5000, interval: 50 });
  });

  it('should answer null when the token URL says nobody is signed in (401)', async () => {
    const source = tokenGetter({ tokenUrl: '/test-token-url' });
    stops.push(source.stop);
    expect(await source.getToken()).to.equal(null);
  });

  it('should prefer getToken, then a fixed token, and give null without any source', async () => {
    expect(await tokenGetter({ getToken: () => 'from-function', token: 'fixed', tokenUrl: '/x' }).getToken()).to.equal(
      'from-function',
    );
    expect(await tokenGetter({ token: 'fixed', tokenUrl: '/x' }).getToken()).to.equal('fixed');
    expect(await tokenGetter({}).getToken()).to.equal(null);
    expect(calls.length).to.equal(0);
  });
});
