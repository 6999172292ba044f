// Strikes: more rate_limited answers than allowed within one window, and only then.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RefusalStrikes } from './refusal-strikes.ts';

describe('RefusalStrikes', () => {
  it('should strike out past max answers in one window, and start over in the next', () => {
    let now = 0;
    const strikes = new RefusalStrikes({ max: 3, windowMs: 1000, now: () => now });
    assert.deepEqual([strikes.strike(), strikes.strike(), strikes.strike()], [false, false, false]);
    assert.equal(strikes.strike(), true, 'the fourth within the window');
    now = 1000;
    assert.equal(strikes.strike(), false, 'a new window');
  });

  it('should let a client that slows down keep its socket', () => {
    let now = 0;
    const strikes = new RefusalStrikes({ max: 3, windowMs: 1000, now: () => now });
    for (let i = 0; i < 20; i++) {
      now += 400; // one refusal, then waits as told
      assert.equal(strikes.strike(), false);
    }
  });
});
