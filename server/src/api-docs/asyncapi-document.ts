// Builds the AsyncAPI 3 document of the socket events from the schemas the handlers validate with and the protocol's models.
import { z } from 'zod';
import {
  API_PREFIX,
  CLIENT_NOTICES,
  CLIENT_REQUESTS,
  type ClientNoticeTypes,
  type ClientRequestName,
  type ClientRequestTypes,
  type ConnectErrorData,
  type ServerToClientEvents,
} from '../../../protocol/index.ts';
import { CLIENT_EVENT_SCHEMAS } from '../realtime/client-event-schemas.ts';
import * as models from './model-schemas.ts';
import type { AllSame, Same } from './same-shape.ts';

const empty = z.object({}).strict().meta({ id: 'Empty' });

/** The data of each request's successful ack. */
const REQUEST_RESULTS = {
  'message:send': models.messageModel,
  'message:delete': empty,
  'conversation:read': empty,
  'conversation:mute': empty,
  sync: models.syncResultModel,
} as const satisfies Record<ClientRequestName, z.ZodType>;

/** The payload of each server event (a missing or extra name does not compile). */
export const SERVER_EVENT_SCHEMAS = {
  'message:created': models.messageModel,
  'message:deleted': models.messageDeletedModel,
  'conversation:updated': models.conversationModel,
  'conversation:read': models.readEventModel,
  typing: models.typingEventModel,
  presence: models.presenceModel,
  unread: models.unreadCountsModel,
  'session:expired': models.sessionExpiredModel,
  'sync:needed': models.syncNeededModel,
} as const satisfies { [E in keyof ServerToClientEvents]: z.ZodType };

const connectErrorModel = z
  .object({
    code: z.enum(['unauthorized', 'forbidden_origin', 'unavailable', 'invalid', 'rate_limited', 'suspended']),
    message: z.string(),
  })
  .meta({ id: 'ConnectErrorData' });

type Input<E extends keyof typeof CLIENT_EVENT_SCHEMAS> = z.input<(typeof CLIENT_EVENT_SCHEMAS)[E]>;
type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** Fails to compile when a schema here and the protocol's type of the same event stop describing the same shape. */
export type EventsMatchProtocol = AllSame<
  [
    Same<Input<'message:send'>, ClientRequestTypes['message:send']['payload']>,
    Same<Input<'message:delete'>, ClientRequestTypes['message:delete']['payload']>,
    Same<Input<'conversation:read'>, ClientRequestTypes['conversation:read']['payload']>,
    Same<Input<'conversation:mute'>, ClientRequestTypes['conversation:mute']['payload']>,
    Same<Input<'sync'>, ClientRequestTypes['sync']['payload']>,
    Same<Input<'typing'>, ClientNoticeTypes['typing']>,
    Same<z.output<(typeof REQUEST_RESULTS)['message:send']>, ClientRequestTypes['message:send']['result']>,
    Same<z.output<(typeof REQUEST_RESULTS)['sync']>, ClientRequestTypes['sync']['result']>,
    Same<z.output<typeof models.messageModel>, Payload<'message:created'>>,
    Same<z.output<typeof models.messageDeletedModel>, Payload<'message:deleted'>>,
    Same<z.output<typeof models.conversationModel>, Payload<'conversation:updated'>>,
    Same<z.output<typeof models.readEventModel>, Payload<'conversation:read'>>,
    Same<z.output<typeof models.typingEventModel>, Payload<'typing'>>,
    Same<z.output<typeof models.presenceModel>, Payload<'presence'>>,
    Same<z.output<typeof models.unreadCountsModel>, Payload<'unread'>>,
    Same<z.output<typeof models.sessionExpiredModel>, Payload<'session:expired'>>,
    Same<z.output<typeof models.syncNeededModel>, Payload<'sync:needed'>>,
    Same<z.output<typeof connectErrorModel>, ConnectErrorData>,
  ]
>;

/** `message:send` → `MessageSend`: a name for components (AsyncAPI keys allow no colon). */
const pascal = (event: string) => event.replace(/(^|[:_-])(\w)/g, (_, __, c: string) => c.toUpperCase());

/** A key for channel messages and operations: the event name, its colon made a dot. */
export const asyncApiKey = (event: string) => event.replace(/:/g, '.');

const ref = (path: string) => ({ $ref: path });

/**
 * Every named schema as JSON Schema (draft 7, which AsyncAPI's schema format extends), referenced
 * as `#/components/schemas/<id>`; inputs as a client may send them (before the server's defaults).
 */
function jsonSchemas(named: Map<string, z.ZodType>): Record<string, object> {
  const registry = z.registry<{ id: string }>();
  // The models nested in payloads, each once, by the id its `.meta()` gives it.
  for (const model of Object.values(models)) {
    const id = typeof model === 'object' && model instanceof z.ZodType ? z.globalRegistry.get(model)?.id : undefined;
    if (id) registry.add(model, { id });
  }
  for (const [id, schema] of named) if (!registry.has(schema)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-7',
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  // Each comes with its own `$schema` and `$id`: the document's schema format says both already.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema as object]),
  );
}

/** Describes each event in a sentence. */
const SUMMARIES: Record<string, string> = {
  'message:send': 'Sends a message; idempotent on `clientId` (sending it again acks the stored message).',
  'message:delete': "Deletes one of the user's messages (it stays as a tombstone).",
  'conversation:read': 'Client: moves the read position forward. Server: a member read up to `seq`.',
  'conversation:mute': 'Mutes or unmutes a conversation for the user.',
  sync: 'Catches up after a reconnection: messages after the seqs held, changed conversations, deletions.',
  typing: 'Client: the user is typing or stopped (no ack). Server: the other member is typing.',
  'message:created': 'A message was stored in one of the user’s conversations.',
  'message:deleted': 'A message became a tombstone.',
  'conversation:updated': 'A conversation changed (listing card, members, mute, archive…).',
  presence: 'A contact came online or went offline.',
  unread: "The user's unread counts changed.",
  'session:expired': 'The handshake token expired: the server disconnects; reconnect with a new token.',
  'sync:needed': "The server's link between processes came back: events may have been missed, sync as after a reconnection.",
  connect_error: 'Socket.IO refused the handshake; `err.data` says why.',
};

const SOCKET = '#/channels/socket';

let built: object | undefined;

/** The AsyncAPI 3 document (built once: it depends on no setting of the process, and holds no secret). */
export function asyncApiDocument(): object {
  if (built) return built;
  const named = new Map<string, z.ZodType>([['Empty', empty]]);
  const messages: Record<string, object> = {};
  const operations: Record<string, object> = {};
  const message = (key: string, name: string, schemaId: string, schema: z.ZodType, summary: string) => {
    named.set(schemaId, schema);
    messages[key] = { name, summary, payload: ref(`#/components/schemas/${schemaId}`) };
  };
  const ack = (result: z.ZodType) =>
    z.union([z.object({ ok: z.literal(true), data: result }), z.object({ ok: z.literal(false), error: models.errorBodyModel })]);

  for (const event of CLIENT_REQUESTS) {
    const key = `client.${asyncApiKey(event)}`;
    message(key, event, `${pascal(event)}Payload`, CLIENT_EVENT_SCHEMAS[event], SUMMARIES[event]!);
    message(`${key}.ack`, `${event} (ack)`, `${pascal(event)}Ack`, ack(REQUEST_RESULTS[event]), `The ack of \`${event}\`.`);
    operations[key] = {
      action: 'send',
      title: event,
      summary: SUMMARIES[event],
      channel: ref(SOCKET),
      messages: [ref(`${SOCKET}/messages/${key}`)],
      reply: { channel: ref(SOCKET), messages: [ref(`${SOCKET}/messages/${key}.ack`)] },
    };
  }
  for (const event of CLIENT_NOTICES) {
    const key = `client.${asyncApiKey(event)}`;
    message(key, event, `${pascal(event)}Notice`, CLIENT_EVENT_SCHEMAS[event], SUMMARIES[event]!);
    operations[key] = { action: 'send', title: event, channel: ref(SOCKET), messages: [ref(`${SOCKET}/messages/${key}`)] };
  }
  const serverEvents: Array<[string, z.ZodType]> = [
    ...Object.entries(SERVER_EVENT_SCHEMAS),
    ['connect_error', connectErrorModel],
  ];
  for (const [event, schema] of serverEvents) {
    const key = `server.${asyncApiKey(event)}`;
    const id = z.globalRegistry.get(schema)?.id ?? `${pascal(event)}Event`;
    message(key, event, id, schema, SUMMARIES[event]!);
    operations[key] = { action: 'receive', title: event, channel: ref(SOCKET), messages: [ref(`${SOCKET}/messages/${key}`)] };
  }

  built = {
    asyncapi: '3.0.0',
    info: {
      title: 'Parley socket events',
      version: '1',
      description: [
        'The events between the widget and a Parley server over Socket.IO 4 (default namespace).',
        '',
        'Authenticate in the handshake: `io(url, { auth: { token } })` with the user token the marketplace signs (never in the URL).',
        'Each client request takes a payload and an ack callback, answered once with `{ok: true, data}` or `{ok: false, error}`;',
        '`typing` takes no callback. Server events arrive on every socket of the users concerned.',
        `The REST API is described by the OpenAPI document at \`${API_PREFIX}/openapi.json\`.`,
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      parley: {
        host: '{host}',
        protocol: 'wss',
        pathname: '/socket.io/',
        description: 'Socket.IO 4 on the Parley server (the same origin as its REST API).',
        variables: { host: { default: 'localhost:3000', description: "The Parley server's host and port." } },
        security: [ref('#/components/securitySchemes/userToken')],
      },
    },
    channels: {
      socket: {
        address: '/',
        title: 'The Socket.IO connection',
        messages: Object.fromEntries(Object.keys(messages).map((key) => [key, ref(`#/components/messages/${key}`)])),
      },
    },
    operations,
    components: {
      schemas: jsonSchemas(named),
      messages,
      securitySchemes: {
        userToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: "The user's token, in the handshake's `auth.token` (see docs/identity.md).",
        },
      },
    },
  };
  return built;
}
