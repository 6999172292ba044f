// The client→server events: each one validated by its schema, handled by a service, acked once.
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import {
  type Ack,
  CLIENT_NOTICES,
  CLIENT_REQUESTS,
  type ClientRequestName,
  type ClientToServerEvents,
  LIMITS,
  type ServerToClientEvents,
} from '../../../protocol/index.ts';
import type { Caller } from '../caller.ts';
import { ParleyError, toParleyError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { ParleyMetrics } from '../metrics/metrics.ts';
import type { BudgetName } from '../rate-limit.ts';
import type { Services } from '../services.ts';
import { measureValue, PAYLOAD_LIMITS, shapeError } from '../payload-shape.ts';
import { parse } from '../validation.ts';
import { CLIENT_EVENT_SCHEMAS as SCHEMAS } from './client-event-schemas.ts';
import type { InFlight } from './in-flight.ts';
import { userRoom as userRoomOf } from './notifier.ts';
import { RefusalStrikes } from './refusal-strikes.ts';
import type { SocketCap } from './socket-cap.ts';
import type { SocketData } from './socket-auth.ts';
import { TypingThrottle } from './typing-throttle.ts';

/** A server-side socket with the protocol's event maps. */
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const ACKED_EVENTS = new Set<string>(CLIENT_REQUESTS);
const KNOWN_EVENTS = new Set<string>([...CLIENT_REQUESTS, ...CLIENT_NOTICES]);
/** Events one socket may send per second before being answered `rate_limited`. */
const EVENTS_PER_SECOND = 50;
/** A packet's arguments are measured as one array: one level of nesting more than the payload itself. */
const ARGUMENTS_LIMITS = { ...PAYLOAD_LIMITS, maxDepth: PAYLOAD_LIMITS.maxDepth + 1 };

export interface SocketHandlerOptions {
  services: Services;
  logger: Logger;
  inFlight: InFlight;
  /** True once the server is shutting down: new requests are answered `unavailable`. */
  draining: () => boolean;
  /** Bars a user whose socket was cut for flooding from opening another one for a while. */
  socketCap?: SocketCap;
  /** Told of each answered request (its time from arrival to ack). */
  metrics?: Pick<ParleyMetrics, 'requestAnswered'>;
}

/** Registers every event handler on a newly connected socket. */
export function registerSocketHandlers(
  socket: ParleySocket,
  { services, logger, inFlight, draining, socketCap, metrics }: SocketHandlerOptions,
) {
  const { siteId, userId, accountCreatedAt } = socket.data;
  const caller: Caller = { siteId, userId, ...(accountCreatedAt === undefined ? {} : { accountCreatedAt }) };
  const typing = new TypingThrottle();
  let windowStart = Date.now();
  let eventsInWindow = 0;
  const strikes = new RefusalStrikes();
  /** Called on every `rate_limited` answer: a socket that keeps flooding regardless is disconnected. */
  const rateLimited = () => {
    if (!strikes.strike() || socket.disconnected) return;
    logger.warn({ userId: caller.userId, siteId: caller.siteId }, 'socket kept sending past rate_limited: disconnected');
    socketCap?.bar(caller.siteId, caller.userId, LIMITS.socketRefusalWindowMs);
    socket.disconnect(true);
  };

  // Runs before every handler: unknown events, oversize or deep payloads and floods get a clear error.
  // Nothing here may throw: socket.io calls it inside a process.nextTick, where a throw ends the process.
  socket.use((packet, next) => {
    const [event, ...args] = packet;
    const ack = typeof args[args.length - 1] === 'function' ? (args[args.length - 1] as (a: Ack<never>) => void) : null;
    const refuse = (error: ParleyError) => ack && reply(ack, { ok: false, error: error.toBody() });
    if (!KNOWN_EVENTS.has(event)) {
      return refuse(new ParleyError('invalid', `Unknown event "${String(event).slice(0, LIMITS.idMaxChars)}".`));
    }
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      eventsInWindow = 0;
    }
    if (++eventsInWindow > EVENTS_PER_SECOND) {
      refuse(new ParleyError('rate_limited', 'Too many requests.', { retryAfterMs: 1000 - (now - windowStart) }));
      return rateLimited();
    }
    const shapeProblem = checkShape(ack ? args.slice(0, -1) : args);
    if (shapeProblem) return refuse(shapeProblem);
    if (ACKED_EVENTS.has(event) && !ack) return; // nobody to answer: a request without an ack is dropped
    next();
  });

  /** Size, depth and NUL check of a packet's arguments, iterative; the error to answer, or null. */
  function checkShape(payloadArgs: unknown[]): ParleyError | null {
    try {
      return shapeError(measureValue(payloadArgs, ARGUMENTS_LIMITS), PAYLOAD_LIMITS);
    } catch (err) {
      logger.error({ err, userId: caller.userId }, 'socket payload check failed');
      return new ParleyError('internal', 'Something went wrong on our side.');
    }
  }

  /** Sends an ack; a failure to send is logged here rather than thrown into socket.io's nextTick. */
  function reply<R>(ack: (a: Ack<R>) => void, answer: Ack<R>) {
    try {
      ack(answer);
    } catch (err) {
      logger.error({ err, userId: caller.userId }, 'socket ack failed');
    }
  }

  /**
   * Registers a request handler: spend the user's `budget` (if any), parse (with the event's schema
   * of client-event-schemas.ts, which the AsyncAPI document shows), wait for one of the user's work
   * slots, run, ack `{ok:true,data}` or `{ok:false,error}`. The budget comes first so that a flood is
   * refused before anything else is spent on it.
   */
  function handle<S extends z.ZodType, R>(
    event: ClientRequestName,
    schema: S,
    run: (input: z.output<S>) => Promise<R>,
    budget?: BudgetName,
  ) {
    socket.on(event as 'sync', (...args: unknown[]) => {
      const ack = args[args.length - 1] as (a: Ack<R>) => void;
      const payload = args.length > 1 ? args[0] : undefined;
      const started = performance.now();
      void inFlight.run(async () => {
        try {
          if (draining()) throw new ParleyError('unavailable', 'The server is restarting, try again shortly.');
          if (budget) await services.budgets[budget].consume(caller);
          const input = parse(schema, payload);
          const data = await services.userWork.run(caller, () => {
            // Waited for a slot while the socket went away: nobody would read the answer.
            if (socket.disconnected) throw new ParleyError('unavailable', 'The connection closed.');
            return run(input);
          });
          // Photo URLs in the answer (a sent message, a sync) are signed for this user.
          reply(ack, { ok: true, data: services.uploads.signFor(data, caller) });
          metrics?.requestAnswered(event, started, 'ok', data);
        } catch (err) {
          const error = toParleyError(err);
          if (error.code === 'internal') logger.error({ err, event, userId: caller.userId }, 'socket request failed');
          reply(ack, { ok: false, error: error.toBody() });
          metrics?.requestAnswered(event, started, error.code);
          if (error.code === 'rate_limited') rateLimited();
        }
      });
    });
  }

  handle('message:send', SCHEMAS['message:send'], async (input) => (await services.messages.send(caller, input)).message);
  handle('message:delete', SCHEMAS['message:delete'], async ({ messageId }) => {
    await services.messages.delete(caller, messageId);
    return {};
  });
  handle('conversation:read', SCHEMAS['conversation:read'], async ({ conversationId, seq }) => {
    await services.conversations.markRead(caller, conversationId, seq);
    return {};
  });
  handle(
    'conversation:mute',
    SCHEMAS['conversation:mute'],
    async ({ conversationId, muted }) => {
      await services.conversations.setMuted(caller, conversationId, muted);
      return {};
    },
    'mute',
  );
  handle(
    'sync',
    SCHEMAS.sync,
    ({ conversations, deletedCursor, changeCursor }) =>
      services.sync.sync(caller, conversations ?? {}, deletedCursor, changeCursor),
    'sync',
  );

  socket.on('typing', (payload: unknown) => {
    const result = SCHEMAS.typing.safeParse(payload);
    if (!result.success) return;
    const { conversationId, typing: isTyping } = result.data;
    if (!typing.shouldRelay(conversationId, isTyping)) return;
    services.conversations
      .participants(caller.siteId, conversationId)
      .then((p) => {
        if (!p || (p.buyerId !== caller.userId && p.sellerId !== caller.userId)) return;
        const other = p.buyerId === caller.userId ? p.sellerId : p.buyerId;
        socket.to(userRoomOf(caller.siteId, other)).emit('typing', { conversationId, userId: caller.userId, typing: isTyping });
      })
      .catch((err: unknown) => logger.warn({ err: String(err) }, 'typing relay failed'));
  });
}
