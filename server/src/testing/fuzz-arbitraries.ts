// fast-check generators of hostile input for the fuzz test: JSON text of any shape, depth and content, as a client could send it.
import fc from 'fast-check';

/** Ids that exist on the server under test, so fuzzed requests also reach the database. */
export interface FuzzTargets {
  conversationIds: string[];
  messageIds: string[];
  userIds: string[];
}

/** Characters that break naive code: NUL, lone surrogates, bidi overrides, BOM, line separators, quotes. */
const EDGE_CHARS = [
  '\u0000',
  '\ud800',
  '\udfff',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\uffff',
  '\u2028',
  '\u200b',
  '𝕏',
  'é',
  'e\u0301',
  '"',
  '\\',
  '\n\r\t',
  '</script>',
  '%00',
  '${x}',
];

/** Strings: arbitrary code points, edge characters, ids at and past their limits, bodies far past 4,000 characters. */
export function weirdString(targets: FuzzTargets): fc.Arbitrary<string> {
  // Weighted so that most payloads stay small enough to reach the handlers; the huge ones come now and then.
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 4, arbitrary: fc.array(fc.constantFrom(...EDGE_CHARS), { minLength: 1, maxLength: 8 }).map((a) => a.join('')) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        '\t\n ',
        'x'.repeat(128),
        'x'.repeat(129),
        'b'.repeat(4001),
        '__proto__',
        'constructor',
      ),
    },
    { weight: 1, arbitrary: fc.constantFrom('y'.repeat(70 * 1024), '😀'.repeat(4001)) },
    { weight: 3, arbitrary: fc.constantFrom(...targets.conversationIds, ...targets.messageIds, ...targets.userIds) },
  );
}

/** JSON text of a number, including ones JSON.parse turns into Infinity or -0. */
const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.constantFrom('1e400', '-1e400', '-0', '0.5', '2147483648', '9007199254740993', '1.5e-320'),
);

/** `[[[…]]]` or `{"a":{"a":…}}` of the given depth, as text. */
function deepText(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
}

/** Nesting around the limit (32) and far past it, where a recursive walk would overflow the stack. */
export const deepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(31, 32, 33, 34, 200, 5000, 60_000), fc.constantFrom<'array' | 'object'>('array', 'object'))
  .map(([depth, kind]) => deepText(depth, kind));

/** Keys a handler looks for, keys that poison prototypes, and anything else. */
function weirdKey(targets: FuzzTargets): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(
      'conversationId',
      'clientId',
      'body',
      'replyTo',
      'messageId',
      'seq',
      'conversations',
      'deletedCursor',
      'typing',
      'muted',
      'sellerId',
      'listing',
      'reason',
      '__proto__',
      'constructor',
      'prototype',
      'toString',
    ),
    weirdString(targets),
  );
}

/** JSON text of any value: scalars, arrays, objects with hostile keys, and deep nesting anywhere inside. */
export function jsonText(targets: FuzzTargets): fc.Arbitrary<string> {
  const scalar = fc.oneof(
    weirdString(targets).map((s) => JSON.stringify(s)),
    numberText,
    fc.constantFrom('true', 'false', 'null'),
  );
  const { value } = fc.letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 3 },
      { weight: 6, arbitrary: scalar },
      { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`) },
      {
        weight: 3,
        arbitrary: fc
          .array(fc.tuple(weirdKey(targets), tie('value')), { maxLength: 5 })
          .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
      },
      { weight: 1, arbitrary: deepJsonText },
    ),
  }));
  return value;
}

/** One change to an otherwise valid request: a field dropped, a field replaced by anything, a key added. */
type Mutation = { drop: string } | { replace: string; with: string } | { add: string; with: string };

/**
 * An object with the fields a route or event expects, all plausible, then zero to two mutations:
 * input one step from valid reaches past the schema into the services, where hostile input is subtler.
 */
export function nearlyValid(targets: FuzzTargets, fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  const keys = Object.keys(fields);
  const valid = fc.record(Object.fromEntries(keys.map((k) => [k, fields[k]!.map((v) => JSON.stringify(v))])));
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.constantFrom(...keys).map((k) => ({ drop: k })),
    fc.tuple(fc.constantFrom(...keys), jsonText(targets)).map(([k, v]) => ({ replace: k, with: v })),
    fc.tuple(weirdKey(targets), jsonText(targets)).map(([k, v]) => ({ add: k, with: v })),
  );
  return fc.tuple(valid, fc.array(mutation, { maxLength: 2 })).map(([texts, mutations]) => {
    const entries = new Map(Object.entries(texts as Record<string, string>));
    const added: string[] = [];
    for (const m of mutations) {
      if ('drop' in m) entries.delete(m.drop);
      else if ('replace' in m) entries.set(m.replace, m.with);
      else added.push(`${JSON.stringify(m.add)}:${m.with}`);
    }
    const parts = [...[...entries].map(([k, v]) => `${JSON.stringify(k)}:${v}`), ...added];
    return `{${parts.join(',')}}`;
  });
}

/** Plausible field values of the contract's requests. */
export function plausible(targets: FuzzTargets) {
  const id = fc.oneof(
    fc.constantFrom(...targets.conversationIds, ...targets.messageIds),
    fc.string({ minLength: 1, maxLength: 20 }),
  );
  return {
    conversationId: fc.constantFrom(...targets.conversationIds),
    messageId: fc.constantFrom(...targets.messageIds),
    userId: fc.constantFrom(...targets.userIds),
    id,
    clientId: fc.uuid(),
    body: fc.oneof(fc.string({ minLength: 1, maxLength: 60 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 60 })),
    seq: fc.oneof(fc.nat(50), fc.integer()),
    typing: fc.boolean(),
    muted: fc.boolean(),
    conversations: fc.dictionary(id, fc.nat(100), { maxKeys: 4 }),
  };
}

/** Raw Socket.IO packet text that is not a well-formed event: the server may close the connection, and must live. */
export function malformedPacket(targets: FuzzTargets): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }).map((s) => `2${s}`),
    jsonText(targets).map((t) => `2${t}`),
    jsonText(targets).map((t) => `21${t}`),
    fc.constantFrom('connect', 'disconnect', 'disconnecting', 'newListener', 'removeListener').map((e) => `2["${e}",{}]`),
    deepJsonText.map((t) => `2["message:send",${t.slice(0, -1)}`), // truncated: not JSON
    deepJsonText.map((t) => `51-["message:send",${t}]`), // a binary event whose attachment never comes
    fc.constantFrom('0', '0{}', '0/admin,{}', '1', '399999[]', '4{"message":"x"}', '2/nope,["sync",{}]', '6', '2[]', '2[1]'),
  );
}

/** One fuzzed REST call under /api/v1: a real route with hostile parts most of the time, any method and path otherwise. */
export interface RestCall {
  method: string;
  path: string;
  /** JSON (or not) text of the body; never given to a GET. */
  body: string | undefined;
}

/** Every UTF-8 byte percent-encoded (encodeURIComponent throws on a lone surrogate; a path may still carry one). */
export const percentEncode = (s: string) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

/** REST calls: each route of the contract with near-valid bodies, odd path ids and queries, plus stray methods and paths. */
export function restCall(targets: FuzzTargets): fc.Arbitrary<RestCall> {
  const p = plausible(targets);
  const pathId = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...targets.conversationIds, ...targets.messageIds, ...targets.userIds) },
    { weight: 2, arbitrary: weirdString(targets).map(percentEncode) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '..%2F..', '%00', 'a%00b', '.', '%F0%9F%98') },
  );
  const query = fc.oneof(
    fc.constant(''),
    fc
      .dictionary(fc.constantFrom('limit', 'before', 'after', 'listing', 'x'), weirdString(targets), { maxKeys: 3 })
      .map((q) => `?${new URLSearchParams(q)}`),
    fc.constantFrom('?limit=1e400', '?limit=2&limit=3', '?before=-1', '?after=%00', '?listing=a%00', '?__proto__=1', '?token=x'),
  );
  const anyBody = fc.oneof(jsonText(targets), fc.string({ unit: 'binary', maxLength: 50 }) /* not JSON */);
  const body = (fields: Record<string, fc.Arbitrary<unknown>>) =>
    fc.oneof({ weight: 4, arbitrary: nearlyValid(targets, fields) }, { weight: 1, arbitrary: anyBody });
  const call = (method: string, path: fc.Arbitrary<string>, bodyText?: fc.Arbitrary<string>) =>
    fc.record({ method: fc.constant(method), path, body: bodyText ?? fc.constant(undefined) });
  const listing = fc.record({ id: p.id, title: p.body, url: fc.constantFrom('/ad/1', 'https://x.test/a', 'javascript:1') });
  const routes = [
    call(
      'GET',
      query.map((q) => `/conversations${q}`),
    ),
    call('POST', fc.constant('/conversations'), body({ sellerId: p.userId, listing })),
    call(
      'GET',
      pathId.map((id) => `/conversations/${id}`),
    ),
    call(
      'DELETE',
      pathId.map((id) => `/conversations/${id}`),
    ),
    call(
      'GET',
      fc.tuple(pathId, query).map(([id, q]) => `/conversations/${id}/messages${q}`),
    ),
    call(
      'POST',
      pathId.map((id) => `/conversations/${id}/messages`),
      body({ clientId: p.clientId, body: p.body, replyTo: p.messageId }),
    ),
    call(
      'POST',
      pathId.map((id) => `/conversations/${id}/read`),
      body({ seq: p.seq }),
    ),
    call('GET', fc.constant('/unread')),
    call(
      'DELETE',
      pathId.map((id) => `/messages/${id}`),
    ),
    call(
      'POST',
      pathId.map((id) => `/users/${id}/block`),
    ),
    call(
      'DELETE',
      pathId.map((id) => `/users/${id}/block`),
    ),
    call('POST', fc.constant('/reports'), body({ conversationId: p.conversationId, messageId: p.messageId, reason: p.body })),
  ];
  const stray = fc.record({
    method: fc.constantFrom('PUT', 'PATCH', 'DELETE', 'POST', 'OPTIONS'),
    path: fc.oneof(
      pathId.map((id) => `/${id}`),
      fc.constantFrom('/conversations/x/y/z', '/', '/unread/1'),
    ),
    body: fc.option(anyBody, { nil: undefined }),
  });
  return fc.oneof({ weight: 8, arbitrary: fc.oneof(...routes) }, { weight: 1, arbitrary: stray });
}
