// The AsyncAPI document: exactly the events protocol/events.ts declares, each direction, every reference resolving.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import ts from 'typescript';
import { API_PREFIX, CLIENT_NOTICES, CLIENT_REQUESTS } from '../../../protocol/index.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { asyncApiDocument } from './asyncapi-document.ts';

interface Ref {
  $ref: string;
}
interface Operation {
  action: 'send' | 'receive';
  channel: Ref;
  messages: Ref[];
  reply?: { channel: Ref; messages: Ref[] };
}
interface Document {
  asyncapi: string;
  channels: Record<string, { messages: Record<string, Ref> }>;
  operations: Record<string, Operation>;
  components: { messages: Record<string, { name: string; payload: Ref }>; schemas: Record<string, unknown> };
}

/** The member names of an interface of protocol/events.ts, read from its source (the type has no runtime list). */
function interfaceMembers(name: string): string[] {
  const path = new URL('../../../protocol/events.ts', import.meta.url);
  const source = ts.createSourceFile('events.ts', readFileSync(path, 'utf8'), ts.ScriptTarget.Latest);
  const declaration = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  assert.ok(declaration, `protocol/events.ts declares ${name}`);
  return declaration.members.map((m) => {
    const key = m.name!;
    return ts.isStringLiteral(key) || ts.isIdentifier(key) ? key.text : key.getText(source);
  });
}

/** Follows a local `$ref` (`#/a/b/c`) in `doc`, and the one it leads to if any; fails when one leads nowhere. */
function resolve(doc: object, ref: string): unknown {
  assert.match(ref, /^#\//, `a local reference: ${ref}`);
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    assert.ok(node !== undefined, `${ref} resolves`);
  }
  // A channel's message is itself a reference to the component.
  const next = (node as Partial<Ref>).$ref;
  return next ? resolve(doc, next) : node;
}

/** The events the document says a client sends (`send`) or receives (`receive`). */
function eventNames(doc: Document, action: 'send' | 'receive'): string[] {
  return Object.values(doc.operations)
    .filter((o) => o.action === action)
    .map((o) => (resolve(doc, o.messages[0]!.$ref) as { name: string }).name)
    .sort();
}

describe('AsyncAPI document', () => {
  let t: TestServer;
  let doc: Document;
  before(async () => {
    t = await startTestServer();
    const res = await t.server.app.request(`${API_PREFIX}/asyncapi.json`);
    assert.equal(res.status, 200, 'served without a token');
    doc = (await res.json()) as Document;
  });
  after(() => t.close());

  it('should list exactly the client events of the protocol', () => {
    const requests = interfaceMembers('ClientRequestTypes');
    const notices = interfaceMembers('ClientNoticeTypes');
    assert.deepEqual([...requests].sort(), [...CLIENT_REQUESTS].sort(), 'protocol: the list and the types agree');
    assert.deepEqual([...notices].sort(), [...CLIENT_NOTICES].sort());
    assert.deepEqual(eventNames(doc, 'send'), [...requests, ...notices].sort());
  });

  it('should list exactly the server events of the protocol, and connect_error', () => {
    const events = interfaceMembers('ServerToClientEvents');
    assert.ok(events.includes('message:created') && events.includes('session:expired'), `read: ${events.join(', ')}`);
    assert.deepEqual(eventNames(doc, 'receive'), [...events, 'connect_error'].sort());
  });

  it('should answer every request with an ack and no notice', () => {
    for (const operation of Object.values(doc.operations)) {
      const name = (resolve(doc, operation.messages[0]!.$ref) as { name: string }).name;
      const isRequest = operation.action === 'send' && (CLIENT_REQUESTS as readonly string[]).includes(name);
      assert.equal(operation.reply !== undefined, isRequest, `${name}: an ack exactly when it is a request`);
      if (operation.reply) {
        const ack = resolve(doc, operation.reply.messages[0]!.$ref) as { payload: Ref };
        const schema = JSON.stringify(resolve(doc, ack.payload.$ref));
        assert.match(schema, /"ok":\{"type":"boolean","const":true\}/);
        assert.match(schema, /"error":\{"\$ref":"#\/components\/schemas\/ErrorBody"\}/);
      }
    }
  });

  it('should resolve every reference, operations naming messages of their own channel', () => {
    assert.equal(doc.asyncapi, '3.0.0');
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    assert.ok(refs.length > 50);
    for (const ref of refs) resolve(doc, JSON.parse(`{${ref}}`).$ref as string);
    for (const [key, operation] of Object.entries(doc.operations)) {
      const channel = resolve(doc, operation.channel.$ref);
      for (const message of [...operation.messages, ...(operation.reply?.messages ?? [])]) {
        assert.ok(message.$ref.startsWith(`${operation.channel.$ref}/messages/`), `${key}: ${message.$ref}`);
        assert.ok(Object.values((channel as { messages: object }).messages).length > 0);
      }
    }
    assert.match(Object.keys(doc.components.schemas).join(' '), /\bSendMessage|MessageSendPayload\b/);
  });

  it('should show the schema the socket handlers validate with (its limits), not a copy', () => {
    const payload = doc.components.schemas.MessageSendPayload as { properties: Record<string, object>; required: string[] };
    assert.deepEqual([...payload.required].sort(), ['body', 'clientId', 'conversationId']);
    assert.deepEqual(payload.properties.conversationId, { type: 'string', minLength: 1, maxLength: 128 });
    assert.deepEqual(JSON.parse(JSON.stringify(asyncApiDocument())), doc);
  });
});
