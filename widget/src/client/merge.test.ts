// Pure tests of merge.ts: threads by seq, tombstones, gaps and conversation views (no server, no DOM).
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import { conversation, message } from '../../test/models.ts';
import {
  activityOf,
  applyDeletion,
  asTombstone,
  conversationAfterDeletion,
  firstGap,
  mergeConversation,
  mergeMessages,
  withMessage,
} from './merge.ts';

const DELETED_AT = '2025-01-02T00:00:00.000Z';

describe('merge', () => {
  describe('mergeMessages', () => {
    it('should keep one message per seq, in seq order, the incoming one replacing the held one', () => {
      const held = [message(1), message(3)];
      const merged = mergeMessages(held, [message(4), message(2), message(3, { body: 'edited by the server' })]);
      expect(merged.map((m) => m.seq)).to.deep.equal([1, 2, 3, 4]);
      expect(merged[2]!.body).to.equal('edited by the server');
    });

    it('should return the held thread itself when nothing arrives (no new reference, no re-render)', () => {
      const held = [message(1)];
      expect(mergeMessages(held, [])).to.equal(held);
    });

    it('should never let a live copy replace a tombstone', () => {
      const merged = mergeMessages([asTombstone(message(2), DELETED_AT)], [message(2)]);
      expect(merged[0]!.deletedAt).to.equal(DELETED_AT);
      expect(merged[0]!.body).to.equal('');
    });

    it('should give the same thread whatever order the same messages and tombstones arrive in', () => {
      const seqs = fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 });
      const batches = seqs.chain((list) =>
        fc.tuple(
          fc.constant(list),
          fc.subarray(list),
          fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }),
        ),
      );
      fc.assert(
        fc.property(batches, ([list, deleted, order]) => {
          const deletedSet = new Set(deleted);
          const live = list.map((seq) => message(seq));
          const tombstones = deleted.map((seq) => asTombstone(message(seq), DELETED_AT));
          const forward = mergeMessages(mergeMessages([], live), tombstones);
          const backward = mergeMessages(
            mergeMessages([], tombstones),
            order.map((seq) => message(seq)),
          );
          const expected = [...list].sort((a, b) => a - b);
          for (const thread of [forward, backward]) {
            expect(thread.map((m) => m.seq)).to.deep.equal(expected);
            expect(thread.filter((m) => m.deletedAt).map((m) => m.seq)).to.deep.equal(expected.filter((s) => deletedSet.has(s)));
          }
        }),
      );
    });
  });

  describe('firstGap', () => {
    it('should name the seq after which a thread has a hole, or null when it has none', () => {
      expect(firstGap([])).to.equal(null);
      expect(firstGap([message(4), message(5), message(6)])).to.equal(null);
      expect(firstGap([message(1), message(2), message(5), message(7)])).to.equal(2);
    });
  });

  describe('what a deletion clears', () => {
    it('should empty the body and keep id, seq, sender, client id, reply and time', () => {
      const original = message(3, { replyTo: 'm1' });
      const tombstone = asTombstone(original, DELETED_AT);
      expect(tombstone).to.deep.equal({ ...original, body: '', deletedAt: DELETED_AT });
      expect(asTombstone(tombstone, 'later'), 'a tombstone stays as it was').to.equal(tombstone);
    });

    it('should turn the held message into a tombstone and leave a thread without it untouched', () => {
      const thread = [message(1), message(2)];
      const after = applyDeletion(thread, { conversationId: 'c1', messageId: 'm2', seq: 2 });
      expect(after[0]).to.equal(thread[0]);
      expect(after[1]!.body).to.equal('');
      expect(after[1]!.deletedAt).to.be.a('string');
      expect(applyDeletion(thread, { conversationId: 'c1', messageId: 'm9', seq: 9 })).to.equal(thread);
    });

    it('should clear the conversation preview only when the deleted message is its last one', () => {
      const last = message(2);
      const c = conversation({ lastSeq: 2, lastMessage: last });
      const after = conversationAfterDeletion(c, { conversationId: 'c1', messageId: 'm2', seq: 2 });
      expect(after.lastMessage!.body).to.equal('');
      expect(after.lastMessage!.deletedAt).to.be.a('string');
      expect(after.lastMessage!.id).to.equal('m2');
      expect(conversationAfterDeletion(c, { conversationId: 'c1', messageId: 'm1', seq: 1 })).to.equal(c);
    });
  });

  describe('conversations', () => {
    it('should move the last message and activity forward and un-hide, never backward', () => {
      const c = conversation({ archived: true, lastSeq: 3, lastMessage: message(3) });
      const newer = withMessage(c, message(4));
      expect(newer.lastSeq).to.equal(4);
      expect(newer.lastMessage!.id).to.equal('m4');
      expect(newer.updatedAt).to.equal(message(4).createdAt);
      expect(newer.archived).to.equal(false);
      expect(withMessage(c, message(2))).to.equal(c);
    });

    it('should take a server view unless it is older than the last message held', () => {
      const held = conversation({ lastSeq: 5, lastMessage: message(5), updatedAt: message(5).createdAt });
      const older = conversation({ lastSeq: 4, lastMessage: message(4), unread: 2, archived: true });
      const merged = mergeConversation(held, older);
      expect(merged.lastSeq).to.equal(5);
      expect(merged.lastMessage!.id).to.equal('m5');
      expect(merged.updatedAt).to.equal(held.updatedAt);
      expect(merged.unread, 'the rest comes from the view').to.equal(2);
      expect(merged.archived).to.equal(true);
      const newer = conversation({ lastSeq: 6, lastMessage: message(6) });
      expect(mergeConversation(held, newer)).to.equal(newer);
      expect(mergeConversation(undefined, older)).to.equal(older);
    });

    it('should date activity by the last message, else by the last update', () => {
      expect(activityOf(conversation({ lastMessage: message(7) }))).to.equal(Date.parse(message(7).createdAt));
      expect(activityOf(conversation({ updatedAt: '2025-03-01T00:00:00.000Z' }))).to.equal(
        Date.parse('2025-03-01T00:00:00.000Z'),
      );
    });
  });
});
