// The client→server events: each one validated by its schema, handled by a service, acked once.
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { type Ack, type ClientToServerEvents, LIMITS, type ServerToClientEvents } from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import { typingEventSchema, readEventSchema } from '../conversations/conversations.schemas.ts';
import { ParleyError, toParleyError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { deleteMessageEventSchema, sendMessageEventSchema, syncSchema } from '../messages/messages.schemas.ts';
import type { Services } from '../services.ts';
import { parse } from '../validation.ts';
import type { InFlight } from './in-flight.ts';
import { userRoom as userRoomOf } from './notifier.ts';
import type { SocketData } from './socket-auth.ts';
import { TypingThrottle } from './typing-throttle.ts';

/** A server-side socket with the protocol's event maps. */
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const ACKED_EVENTS = new Set(['message:send', 'message:delete', 'conversation:read', 'sync']);
const KNOWN_EVENTS = new Set([...ACKED_EVENTS, 'typing']);
/** Events one socket may send per second before being answered `rate_limited`. */
const EVENTS_PER_SECOND = 50;

export interface SocketHandlerOptions {
  services: Services;
  logger: Logger;
  inFlight: InFlight;
  /** True once the server is shutting down: new requests are answered `unavailable`. */
  draining: () => boolean;
}

/** Registers every event handler on a newly connected socket. */
export function registerSocketHandlers(socket: ParleySocket, { services, logger, inFlight, draining }: SocketHandlerOptions) {
  const caller: Caller = { siteId: socket.data.siteId, userId: socket.data.userId };
  const typing = new TypingThrottle();
  let windowStart = Date.now();
  let eventsInWindow = 0;

  // Runs before every handler: unknown events, oversize payloads and floods get a clear error.
  socket.use((packet, next) => {
    const [event, ...args] = packet;
    const ack = typeof args[args.length - 1] === 'function' ? (args[args.length - 1] as (a: Ack<never>) => void) : null;
    const refuse = (error: ParleyError) => ack?.({ ok: false, error: error.toBody() });
    if (!KNOWN_EVENTS.has(event)) return refuse(new ParleyError('invalid', `Unknown event "${event}".`));
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      eventsInWindow = 0;
    }
    if (++eventsInWindow > EVENTS_PER_SECOND) {
      return refuse(new ParleyError('rate_limited', 'Too many requests.', { retryAfterMs: 1000 - (now - windowStart) }));
    }
    const payloadArgs = ack ? args.slice(0, -1) : args;
    if (Buffer.byteLength(JSON.stringify(payloadArgs) ?? '') > LIMITS.maxPayloadBytes) {
      return refuse(new ParleyError('payload_too_large', `The payload is larger than ${LIMITS.maxPayloadBytes} bytes.`));
    }
    if (ACKED_EVENTS.has(event) && !ack) return; // nobody to answer: a request without an ack is dropped
    next();
  });

  /** Registers a request handler: parse, run, ack `{ok:true,data}` or `{ok:false,error}`. */
  function handle<S extends z.ZodType, R>(event: string, schema: S, run: (input: z.output<S>) => Promise<R>) {
    socket.on(event as 'sync', (...args: unknown[]) => {
      const ack = args[args.length - 1] as (a: Ack<R>) => void;
      const payload = args.length > 1 ? args[0] : undefined;
      void inFlight.run(async () => {
        try {
          if (draining()) throw new ParleyError('unavailable', 'The server is restarting, try again shortly.');
          const data = await run(parse(schema, payload));
          ack({ ok: true, data });
        } catch (err) {
          const error = toParleyError(err);
          if (error.code === 'internal') logger.error({ err, event, userId: caller.userId }, 'socket request failed');
          ack({ ok: false, error: error.toBody() });
        }
      });
    });
  }

  handle('message:send', sendMessageEventSchema, async (input) => (await services.messages.send(caller, input)).message);
  handle('message:delete', deleteMessageEventSchema, async ({ messageId }) => {
    await services.messages.delete(caller, messageId);
    return {};
  });
  handle('conversation:read', readEventSchema, async ({ conversationId, seq }) => {
    await services.conversations.markRead(caller, conversationId, seq);
    return {};
  });
  handle('sync', syncSchema, ({ conversations, deletedCursor }) => services.sync.sync(caller, conversations, deletedCursor));

  socket.on('typing', (payload: unknown) => {
    const result = typingEventSchema.safeParse(payload);
    if (!result.success) return;
    const { conversationId, typing: isTyping } = result.data;
    if (!typing.shouldRelay(conversationId, isTyping)) return;
    services.conversations.participants(caller.siteId, conversationId).then(
      (p) => {
        if (!p || (p.buyerId !== caller.userId && p.sellerId !== caller.userId)) return;
        const other = p.buyerId === caller.userId ? p.sellerId : p.buyerId;
        socket.to(userRoomOf(caller.siteId, other)).emit('typing', { conversationId, userId: caller.userId, typing: isTyping });
      },
      (err) => logger.warn({ err: String(err) }, 'typing relay failed'),
    );
  });
}
