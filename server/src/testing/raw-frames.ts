// Writes hand-made Socket.IO packets under a connected client, for payloads its encoder cannot or would not send.
import type { ClientSocket } from './test-server.ts';

/** Ack ids far above the ones socket.io-client hands out itself, so the two never collide. */
const FIRST_RAW_ACK_ID = 1_000_000;

/** An ack that did not arrive. */
export class NoAckError extends Error {
  override name = 'NoAckError';
}

/**
 * Raw frames on one connected socket of the default namespace. The JSON text of a payload is written
 * as given (any depth, any shape), over whichever transport the socket uses; acks are read from the
 * engine's packets, since the client library only knows the ids it issued itself.
 */
export class RawFrames {
  #nextAckId = FIRST_RAW_ACK_ID;
  readonly #waiting = new Map<number, (args: unknown[]) => void>();

  constructor(readonly socket: ClientSocket) {
    socket.io.engine.on('packet', (packet) => {
      if (packet.type !== 'message' || typeof packet.data !== 'string') return;
      const match = /^3(\d+)(\[[\s\S]*)$/.exec(packet.data);
      if (!match) return;
      const resolve = this.#waiting.get(Number(match[1]));
      if (!resolve) return;
      this.#waiting.delete(Number(match[1]));
      resolve(JSON.parse(match[2]!) as unknown[]);
    });
  }

  /** Writes one Socket.IO packet as text, e.g. `2["typing",{}]` (the engine adds its own `4`). */
  writePacket(text: string): void {
    this.socket.io.engine.write(text);
  }

  /** Emits `event` with `argsJson` (the JSON text of the arguments after the name, without brackets), no ack. */
  emit(event: string, argsJson: string): void {
    this.writePacket(`2[${JSON.stringify(event)}${argsJson ? `,${argsJson}` : ''}]`);
  }

  /** Emits `event` with an ack id and does not wait: for events that may or may not answer (`typing`). */
  emitAcked(event: string, argsJson: string): void {
    this.writePacket(`2${this.#nextAckId++}[${JSON.stringify(event)}${argsJson ? `,${argsJson}` : ''}]`);
  }

  /**
   * Emits `event` with an ack id and resolves with the first argument of the ack; rejects with
   * {@link NoAckError} after `timeoutMs` or when the socket disconnects first.
   */
  request(event: string, argsJson: string, timeoutMs = 5000): Promise<unknown> {
    const id = this.#nextAckId++;
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        this.#waiting.delete(id);
        clearTimeout(timer);
        this.socket.off('disconnect', onDisconnect);
        reject(new NoAckError(`no ack for ${event} #${id}: ${why}`));
      };
      const onDisconnect = (reason: string) => fail(`disconnected (${reason})`);
      const timer = setTimeout(() => fail(`nothing within ${timeoutMs} ms`), timeoutMs);
      this.socket.once('disconnect', onDisconnect);
      this.#waiting.set(id, (args) => {
        clearTimeout(timer);
        this.socket.off('disconnect', onDisconnect);
        resolve(args[0]);
      });
      this.writePacket(`2${id}[${JSON.stringify(event)}${argsJson ? `,${argsJson}` : ''}]`);
    });
  }
}

/** JSON text of `[[[…]]]` nested `depth` levels deep (2 × depth bytes): no recursion needed to build it. */
export function deepArrayJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/** JSON text of `{"a":{"a":…{}}}` nested `depth` levels deep. */
export function deepObjectJson(depth: number): string {
  return '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
}
