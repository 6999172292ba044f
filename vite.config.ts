// Builds the embed into two self-contained files: dist/parley.js (ES module) and dist/parley.iife.js (classic script).
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** A module of ours that holds Lit's property metadata map instead of a global. */
const LIT_METADATA_MODULE = '\0parley-lit-metadata';

/**
 * Lit writes three globals (`litHtmlVersions`, `litElementVersions`, `reactiveElementVersions`) to
 * warn about duplicate copies, and keeps decorator metadata in `globalThis.litPropertyMetadata`. The
 * widget must write no global but `Parley` and is meant to share a page with other copies of Lit,
 * so the version lines are dropped and the metadata map comes from a module of the bundle instead.
 */
function noLitGlobals(): Plugin {
  const versions = /\(\s*(?:globalThis|global|[a-zA-Z_$][\w$]*)\.(?:litHtmlVersions|litElementVersions|reactiveElementVersions)\s*\?\?=\s*\[\]\s*\)\.push\([^)]*\)/g;
  const metadataInit = /(?:globalThis|[a-zA-Z_$][\w$]*)\.litPropertyMetadata\s*\?\?=\s*new WeakMap(?:\(\))?/g;
  const metadataUse = /(?:globalThis\.)?\blitPropertyMetadata\b/g;
  return {
    name: 'parley:no-lit-globals',
    resolveId: (id) => (id === LIT_METADATA_MODULE ? id : null),
    load: (id) => (id === LIT_METADATA_MODULE ? 'export const litMetadata = new WeakMap();' : null),
    transform(code, id) {
      if (!/[\\/]node_modules[\\/](lit-html|lit-element|@lit[\\/]reactive-element)[\\/]/.test(id)) return null;
      // An expression stands where each statement stood: they may sit inside comma expressions.
      let out = code.replace(versions, 'void 0').replace(metadataInit, 'void 0');
      if (metadataUse.test(out)) {
        out = `import { litMetadata as __parleyLitMetadata } from '${LIT_METADATA_MODULE}';\n${out.replace(metadataUse, '__parleyLitMetadata')}`;
      }
      return out === code ? null : { code: out, map: null };
    },
  };
}

/**
 * Modules of socket.io-client's stack that Parley never runs, replaced by stubs with the same exports
 * (keyed by their path under node_modules). Each is checked by the end-to-end tests on the built
 * bundle; the widget tests run the untouched libraries.
 */
const UNUSED_MODULES: Record<string, string> = {
  // Parley asks for `websocket` then `polling` and the server offers no WebTransport. Asked for anyway,
  // the stub fails like an unreachable transport and engine.io moves on to the next one.
  'engine.io-client/build/esm/transports/webtransport.js': `import { Transport } from "../transport.js";
export class WT extends Transport {
  get name() { return "webtransport"; }
  doOpen() { this.onError("webtransport is not part of this build"); }
}`,
  // Binary attachments: every payload of the protocol is JSON (protocol/events.ts), in both directions.
  // (socket.io-parser's binary.js and is-binary.js are no longer imported: see TRIMS.)
  'engine.io-parser/build/esm/encodePacket.browser.js': `import { PACKET_TYPES } from "./commons.js";
export const encodePacket = ({ type, data }, supportsBinary, callback) => callback(PACKET_TYPES[type] + (data || ""));
export function encodePacketToBinary() { throw new Error("binary packets are not part of this build"); }`,
  // Text packets only: a binary frame or a base64 ("b") message is a parser error, like an unknown
  // packet type (engine.io closes the transport). Without it, contrib/base64-arraybuffer.js goes too.
  'engine.io-parser/build/esm/decodePacket.browser.js': `import { ERROR_PACKET, PACKET_TYPES_REVERSE } from "./commons.js";
export const decodePacket = (encodedPacket) => {
  const type = typeof encodedPacket === "string" ? PACKET_TYPES_REVERSE[encodedPacket.charAt(0)] : undefined;
  if (!type) return ERROR_PACKET;
  return encodedPacket.length > 1 ? { type, data: encodedPacket.substring(1) } : { type };
};`,
  // A 1.4 kB regular-expression URL parser, for the one absolute server URL socket.io-client is given:
  // the browser's URL parser gives the same fields.
  'engine.io-client/build/esm/contrib/parseuri.js': `export function parse(source) {
  const url = new URL(source);
  const host = url.hostname.replace(/^\\[|\\]$/g, "");
  return { source, protocol: url.protocol.slice(0, -1), host, port: url.port, path: url.pathname, query: url.search.slice(1),
    queryKey: Object.fromEntries(url.searchParams), ipv6uri: host.includes(":") };
}`,
  // (The Manager's reconnection backoff, contrib/backo2.js, is no longer imported: see TRIMS.)
};

/** Loads the stub of each {@link UNUSED_MODULES} entry instead of the module. */
function stubUnusedModules(): Plugin {
  return {
    name: 'parley:stub-unused-modules',
    load(id) {
      const path = id.replace(/\\/g, '/').split('/node_modules/').pop()!;
      return Object.hasOwn(UNUSED_MODULES, path) ? UNUSED_MODULES[path]! : null;
    },
  };
}

/**
 * Parts of socket.io-client's stack that Parley never runs, cut out of modules it does use, keyed by
 * their path under node_modules. Methods and functions go or are replaced whole (found by name in
 * the module's syntax tree); `edits` replace an exact text that must occur once. Whatever is not
 * found fails the build, so a new library version cannot silently keep or half-apply a trim. Checked by the
 * end-to-end tests on the built bundle (the widget tests run the untouched libraries), and by
 * {@link TRIMMED_SOCKET_API} for the socket.io-client API that is gone.
 */
interface Trim {
  /** Methods (`name`, or `Class.name` when several classes have one) and functions that go. */
  remove?: string[];
  /** Methods and functions replaced by a shorter version: the whole new text, by name as in `remove`. */
  replace?: Record<string, string>;
  /** Exact texts and their replacements; each text occurs once in the module. */
  edits?: [string, string][];
}

const TRIMS: Record<string, Trim> = {
  // Engine.IO's upgrade (probe a better transport, pause the current one, switch): the transports are
  // `websocket` then `polling` (connection.ts; the embed entry passes no other list). Connected over a
  // websocket, the server offers no upgrade; fallen back to polling, `tryAllTransports` has already
  // removed `websocket` from the socket's list, so the offered upgrade is filtered out and `_probe`
  // never ran. Were a caller to list `polling` first, it would stay on long-polling (slower, working).
  'engine.io-client/build/esm/socket.js': {
    remove: ['_probe', '_filterUpgrades'],
    edits: [
      ['this._upgrades = this._filterUpgrades(data.upgrades);', ''],
      // Options Parley never sets: transports given as classes (it names them), closeOnBeforeunload,
      // and withCredentials (whose cookie jar is Node's; the browser build's createCookieJar is empty).
      [
        `        if (opts.transportImplementations && opts.transports) {
            throw new Error("specifying both 'transportImplementations' and 'transports' options is not supported");
        }
        if (opts.transportImplementations ||
            (((_a = opts.transports) === null || _a === void 0 ? void 0 : _a.length) && typeof opts.transports[0] === "function")) {
            // 'transports' option as an array of transport implementations is kept for backward compatibility
            this.transports = [];
            this._transportsByName = Object.create(null);
            ((_b = opts.transportImplementations) !== null && _b !== void 0 ? _b : opts.transports).forEach((t) => {
                const transportName = t.prototype.name;
                this.transports.push(transportName);
                this._transportsByName[transportName] = t;
            });
        }
        else {
            this.transports = opts.transports
                ? [...opts.transports]
                : ["polling", "websocket", "webtransport"];
            this._transportsByName = DEFAULT_TRANSPORTS;
        }
`,
        `        this.transports = opts.transports
            ? [...opts.transports]
            : ["polling", "websocket", "webtransport"];
        this._transportsByName = DEFAULT_TRANSPORTS;
`,
      ],
      [
        `            if (this.opts.closeOnBeforeunload) {
                // Firefox closes the connection when the "beforeunload" event is emitted but not Chrome. This event listener
                // ensures every browser behaves the same (no "disconnect" event at the Socket.IO level when the page is
                // closed/reloaded)
                this._beforeunloadEventListener = () => {
                    if (this.transport) {
                        // silently close the transport
                        this.transport.removeAllListeners();
                        this.transport.close();
                    }
                };
                addEventListener("beforeunload", this._beforeunloadEventListener, false);
            }
`,
        '',
      ],
      [
        `        if (this.opts.withCredentials) {
            this._cookieJar = createCookieJar();
        }
`,
        '',
      ],
    ],
    replace: {
      onOpen: `onOpen() {
        this.readyState = "open";
        Socket.priorWebsocketSuccess = "websocket" === this.transport.name;
        this.emitReserved("open");
        this.flush();
    }`,
      // Without an upgrade in progress there is nothing to wait for but the write buffer.
      close: `close() {
        const close = () => {
            this._onClose("forced close");
            this.transport.close();
        };
        if ("opening" === this.readyState || "open" === this.readyState) {
            this.readyState = "closing";
            if (this.writeBuffer.length) this.once("drain", close);
            else close();
        }
        return this;
    }`,
    },
  },
  // Pausing a transport is only done by the upgrade (above).
  'engine.io-client/build/esm/transports/polling.js': { remove: ['pause'] },
  'engine.io-client/build/esm/transport.js': { remove: ['pause'] },
  // The Manager's reconnection (attempts, delays, backoff, the `reconnect*` events): Parley passes
  // `reconnection: false` and reconnects itself (connection.ts, with its own backoff and jitter), so
  // `reconnect()` never ran. A Manager asked to reconnect now throws instead of silently not doing it.
  'socket.io-client/build/esm/manager.js': {
    remove: ['reconnection', 'reconnectionAttempts', 'reconnectionDelay', 'randomizationFactor', 'reconnectionDelayMax', 'maybeReconnectOnOpen', 'reconnect', 'onreconnect'],
    edits: [
      ['import { Backoff } from "./contrib/backo2.js";', ''],
      ['this.maybeReconnectOnOpen();', ''],
    ],
    replace: {
      constructor: `constructor(uri, opts) {
        super();
        this.nsps = {};
        this.subs = [];
        if (uri && "object" === typeof uri) {
            opts = uri;
            uri = undefined;
        }
        opts = opts || {};
        if (opts.reconnection !== false) throw new Error("the Manager's reconnection is not part of this build");
        opts.path = opts.path || "/socket.io";
        this.opts = opts;
        installTimerFunctions(this, opts);
        this.timeout(null == opts.timeout ? 20000 : opts.timeout);
        this._readyState = "closed";
        this.uri = uri;
        const _parser = opts.parser || parser;
        this.encoder = new _parser.Encoder();
        this.decoder = new _parser.Decoder();
        this._autoConnect = opts.autoConnect !== false;
        if (this._autoConnect)
            this.open();
    }`,
      onclose: `onclose(reason, description) {
        var _a;
        this.cleanup();
        (_a = this.engine) === null || _a === void 0 ? void 0 : _a.close();
        this._readyState = "closed";
        this.emitReserved("close", reason, description);
    }`,
    },
  },
  // The socket's API Parley does not call (see TRIMMED_SOCKET_API): catch-all listeners in and out,
  // `emitWithAck`, the `volatile` and `compress` flags, and the `retries` queue (no `retries` option).
  // `emit` keeps its checks, acks with `timeout()`, the ping check and the send buffer.
  'socket.io-client/build/esm/socket.js': {
    remove: ['emitWithAck', '_addToQueue', '_drainQueue', 'compress', 'volatile', 'onAny', 'prependAny', 'offAny', 'listenersAny', 'onAnyOutgoing', 'prependAnyOutgoing', 'offAnyOutgoing', 'listenersAnyOutgoing', 'notifyOutgoingListeners'],
    edits: [['this._drainQueue(true);', '']],
    replace: {
      emit: `emit(ev, ...args) {
        var _a;
        if (RESERVED_EVENTS.hasOwnProperty(ev)) {
            throw new Error('"' + ev.toString() + '" is a reserved event name');
        }
        args.unshift(ev);
        const packet = {
            type: PacketType.EVENT,
            data: args,
            options: { compress: true },
        };
        if ("function" === typeof args[args.length - 1]) {
            const id = this.ids++;
            const ack = args.pop();
            this._registerAckCallback(id, ack);
            packet.id = id;
        }
        if (this.connected && !((_a = this.io.engine) === null || _a === void 0 ? void 0 : _a._hasPingExpired())) {
            this.packet(packet);
        }
        else {
            this.sendBuffer.push(packet);
        }
        this.flags = {};
        return this;
    }`,
      emitEvent: `emitEvent(args) {
        super.emit.apply(this, args);
        if (this._pid && args.length && typeof args[args.length - 1] === "string") {
            this._lastOffset = args[args.length - 1];
        }
    }`,
      emitBuffered: `emitBuffered() {
        this.receiveBuffer.forEach((args) => this.emitEvent(args));
        this.receiveBuffer = [];
        this.sendBuffer.forEach((packet) => this.packet(packet));
        this.sendBuffer = [];
    }`,
    },
  },
  // Binary packets in Socket.IO's parser: every payload of the protocol is JSON (protocol/events.ts), in
  // both directions, and binary.js / is-binary.js were already stubs (so binary data could not be
  // reassembled anyway). A binary packet from the server now fails to decode at once (the Manager
  // closes with "parse error") instead of leaving a reconstructor waiting for attachments.
  'socket.io-parser/build/esm/index.js': {
    remove: ['encodeAsBinary'],
    edits: [
      ['import { deconstructPacket, reconstructPacket } from "./binary.js";', ''],
      ['import { isBinary, hasBinary } from "./is-binary.js";', ''],
      [
        `        // attachments if we have them
        if (obj.type === PacketType.BINARY_EVENT ||
            obj.type === PacketType.BINARY_ACK) {
            str += obj.attachments + "-";
        }
`,
        '',
      ],
      [
        `            const start = i + 1;
            while (str.charAt(++i) !== "-" && i != str.length) { }
            const buf = str.substring(start, i);
            if (buf != Number(buf) || str.charAt(i) !== "-") {
                throw new Error("Illegal attachments");
            }
            const n = Number(buf);
            if (!isInteger(n) || n < 1) {
                throw new Error("Illegal attachments");
            }
            else if (n > this.opts.maxAttachments) {
                throw new Error("too many attachments");
            }
            p.attachments = n;
`,
        `            throw new Error("binary packets are not part of this build");
`,
      ],
    ],
    replace: {
      encode: `encode(obj) {
        return [this.encodeAsString(obj)];
    }`,
      // Text only: binary data (which the is-binary stub never recognised) was already "Unknown type".
      add: `add(obj) {
        if (typeof obj !== "string") {
            throw new Error("Unknown type: " + obj);
        }
        super.emitReserved("decoded", this.decodeString(obj));
    }`,
      'Decoder.destroy': `destroy() { }`,
    },
  },
  // The XHR long-polling request, for browsers: the IE fallbacks (ActiveXObject, attachEvent, the
  // XHR2 and CORS probes, each creating an XMLHttpRequest at load) and the options Parley never sets
  // (extraHeaders, requestTimeout, Node's TLS options and cookie jar; withCredentials stays). The
  // headers are set right after open() with fixed valid names, where setRequestHeader cannot throw.
  'engine.io-client/build/esm/transports/polling-xhr.js': {
    edits: [
      ['import { hasCORS } from "../contrib/has-cors.js";', ''],
      [
        `    if (typeof attachEvent === "function") {
        // @ts-ignore
        attachEvent("onunload", unloadHandler);
    }
    else if (typeof addEventListener === "function") {`,
        '    if (typeof addEventListener === "function") {',
      ],
      [
        `const hasXHR2 = (function () {
    const xhr = newRequest({
        xdomain: false,
    });
    return xhr && xhr.responseType !== null;
})();`,
        'const hasXHR2 = true;',
      ],
    ],
    replace: {
      'BaseXHR.constructor': '',
      newRequest: `function newRequest() {
    return new XMLHttpRequest();
}`,
      _create: `_create() {
        const xhr = (this._xhr = this.createRequest());
        try {
            xhr.open(this._method, this._uri, true);
            if ("POST" === this._method) {
                xhr.setRequestHeader("Content-type", "text/plain;charset=UTF-8");
            }
            xhr.setRequestHeader("Accept", "*/*");
            xhr.withCredentials = this._opts.withCredentials;
            xhr.onreadystatechange = () => {
                if (4 !== xhr.readyState)
                    return;
                if (200 === xhr.status || 1223 === xhr.status) {
                    this._onLoad();
                }
                else {
                    this.setTimeoutFn(() => {
                        this._onError(typeof xhr.status === "number" ? xhr.status : 0);
                    }, 0);
                }
            };
            xhr.send(this._data);
        }
        catch (e) {
            this.setTimeoutFn(() => {
                this._onError(e);
            }, 0);
            return;
        }
        if (typeof document !== "undefined") {
            this._index = Request.requestsCount++;
            Request.requests[this._index] = this;
        }
    }`,
    },
  },
  // The browser WebSocket takes a URL and protocols: the Node (ws) and React Native options that
  // doOpen picked for it were ignored by createSocket in a browser.
  'engine.io-client/build/esm/transports/websocket.js': {
    edits: [
      ['import { pick, randomString } from "../util.js";', 'import { randomString } from "../util.js";'],
      [
        `const isReactNative = typeof navigator !== "undefined" &&
    typeof navigator.product === "string" &&
    navigator.product.toLowerCase() === "reactnative";`,
        '',
      ],
    ],
    replace: {
      doOpen: `doOpen() {
        try {
            this.ws = this.createSocket(this.uri(), this.opts.protocols);
        }
        catch (err) {
            return this.emitReserved("error", err);
        }
        this.ws.binaryType = this.socket.binaryType;
        this.addEventListeners();
    }`,
      createSocket: `createSocket(uri, protocols) {
        return protocols ? new WebSocketCtor(uri, protocols) : new WebSocketCtor(uri);
    }`,
    },
  },
  // io(): Parley passes `forceNew: true` (one Manager per Connection), so the Managers cache for
  // multiplexing is never read; `io.Manager` / `io.connect` (the io function as a namespace) are
  // unused. Asked to multiplex, io() now throws instead of silently not sharing.
  'socket.io-client/build/esm/index.js': {
    edits: [
      [
        `Object.assign(lookup, {
    Manager,
    Socket,
    io: lookup,
    connect: lookup,
});`,
        '',
      ],
    ],
    replace: {
      lookup: `function lookup(uri, opts) {
    if (typeof uri === "object") {
        opts = uri;
        uri = undefined;
    }
    opts = opts || {};
    if (!opts.forceNew) throw new Error("multiplexed connections are not part of this build");
    const parsed = url(uri, opts.path || "/socket.io");
    const io = new Manager(parsed.source, opts);
    if (parsed.query && !opts.query) {
        opts.query = parsed.queryKey;
    }
    return io.socket(parsed.path, opts);
}`,
    },
  },
};

/**
 * The socket.io-client API and options {@link TRIMS} took out. A widget module that imports
 * socket.io-client and names one of them fails the build (the socket is Connection's private field,
 * so that module is connection.ts).
 */
const TRIMMED_SOCKET_API =
  /\.(?:emitWithAck|volatile|compress|onAny|prependAny|offAny|listenersAny|onAnyOutgoing|prependAnyOutgoing|offAnyOutgoing|listenersAnyOutgoing|reconnection\w*|randomizationFactor)\b|\b(?:retries|ackTimeout|reconnection\w+|randomizationFactor|upgrade|rememberUpgrade|transportImplementations|closeOnBeforeunload|withCredentials|multiplex)\s*:/;

/** Applies {@link TRIMS}, and refuses widget code that uses what they removed. */
function trimUnusedCode(): Plugin {
  return {
    name: 'parley:trim-unused-code',
    transform(code, id) {
      const file = id.replace(/\\/g, '/');
      if (/\/widget\/src\/.*\.ts$/.test(file) && /from\s+['"]socket\.io-client['"]/.test(code)) {
        const used = TRIMMED_SOCKET_API.exec(code.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, ''));
        if (used) this.error(`${used[0]} is not part of this build (see TRIMS in vite.config.ts)`);
        return null;
      }
      const trim = TRIMS[file.split('/node_modules/').pop()!];
      if (!trim) return null;
      const edits: Edit[] = [];
      for (const [text, replacement] of trim.edits ?? []) {
        const start = code.indexOf(text);
        if (start < 0 || code.indexOf(text, start + 1) >= 0) this.error(`trim: \`${text}\` does not occur exactly once in ${file}`);
        edits.push({ start, end: start + text.length, text: replacement });
      }
      const wanted = new Set([...(trim.remove ?? []), ...Object.keys(trim.replace ?? {})]);
      const found = new Set<string>();
      const visit = (node: unknown, className: string): void => {
        if (!node || typeof node !== 'object') return;
        if (Array.isArray(node)) return node.forEach((child) => visit(child, className));
        const n = node as { type?: string; id?: { name: string } | null; key?: { type: string; name: string }; start: number; end: number };
        const name =
          n.type === 'MethodDefinition' && n.key?.type === 'Identifier'
            ? [`${className}.${n.key.name}`, n.key.name].find((k) => wanted.has(k) || found.has(k))
            : n.type === 'FunctionDeclaration' && n.id && (wanted.has(n.id.name) || found.has(n.id.name))
              ? n.id.name
              : undefined;
        if (name) {
          if (found.has(name)) this.error(`trim: more than one ${name} in ${file}`);
          wanted.delete(name);
          found.add(name);
          edits.push({ start: n.start, end: n.end, text: trim.replace?.[name] ?? '' });
          return;
        }
        const inner = n.type === 'ClassDeclaration' && n.id ? n.id.name : className;
        for (const value of Object.values(node)) visit(value, inner);
      };
      visit(this.parse(code), '');
      if (wanted.size) this.error(`trim: no method ${[...wanted].join(', ')} in ${file}`);
      edits.sort((a, b) => a.start - b.start);
      if (edits.some((e, i) => i > 0 && e.start < edits[i - 1]!.end)) this.error(`trim: overlapping edits in ${file}`);
      return applyEdits(code, edits, id);
    },
  };
}

/** A text edit: replace `code.slice(start, end)` with `text`. */
type Edit = { start: number; end: number; text: string };

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One number of a source map's `mappings`, as base64 VLQ. */
function vlq(n: number): string {
  let v = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v) digit |= 32;
    out += BASE64[digit];
  } while (v);
  return out;
}

/**
 * Applies sorted, non-overlapping edits and builds the source map back to the input: one segment per
 * kept character, so that every identifier after the edits still maps to where it was.
 */
function applyEdits(code: string, edits: Edit[], id: string): { code: string; map: { version: 3; sources: string[]; names: string[]; mappings: string } } {
  let out = '';
  let mappings = '';
  let line = 0;
  let column = 0;
  let outColumn = 0;
  let prev = { outColumn: 0, line: 0, column: 0 };
  const segment = () => {
    mappings += `${outColumn === 0 && prev.outColumn === 0 && mappings.endsWith(';') ? '' : mappings && !mappings.endsWith(';') ? ',' : ''}${vlq(outColumn - prev.outColumn)}A${vlq(line - prev.line)}${vlq(column - prev.column)}`;
    prev = { outColumn, line, column };
  };
  const emit = (ch: string) => {
    out += ch;
    if (ch === '\n') {
      mappings += ';';
      outColumn = 0;
      prev.outColumn = 0;
    } else outColumn++;
  };
  const advance = (ch: string) => {
    if (ch === '\n') {
      line++;
      column = 0;
    } else column++;
  };
  let e = 0;
  for (let i = 0; i < code.length; ) {
    const edit = edits[e];
    if (edit && edit.start === i) {
      if (edit.text) segment();
      for (const ch of edit.text) emit(ch);
      for (; i < edit.end; i++) advance(code[i]!);
      e++;
      continue;
    }
    const ch = code[i]!;
    if (ch !== '\n') segment();
    emit(ch);
    advance(ch);
    i++;
  }
  return { code: out, map: { version: 3, sources: [id], names: [], mappings } };
}

/** CSS without comments and without the whitespace the browser ignores (not trimmed: a `${}` may touch either end). */
export function minifyCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}');
}

/**
 * Markup without its indentation: whitespace with a line break in it goes when it stands between
 * two tags (or a tag and a `${}`), and becomes one space anywhere else (between words, attributes).
 */
export function minifyMarkup(markup: string): string {
  return markup.replace(/\s*\n\s*/g, (ws, at: number) => {
    const before = at === 0 ? '>' : markup[at - 1];
    const after = at + ws.length === markup.length ? '<' : markup[at + ws.length];
    // Between tags, or before a tag's closing `>`, it goes; between words or attributes it is one space.
    return (before === '>' && after === '<') || after === '>' ? '' : ' ';
  });
}

/**
 * The widget's `css` templates minified and its `html` / `svg` templates stripped of indentation at
 * build time (Lit keeps template strings as written). Only the literal parts change; a `${}` stays.
 */
function minifyTemplates(): Plugin {
  const minifiers: Record<string, (text: string) => string> = { css: minifyCss, html: minifyMarkup, svg: minifyMarkup };
  return {
    name: 'parley:minify-templates',
    transform(code, id) {
      if (!/[\\/]widget[\\/]src[\\/].*\.ts$/.test(id) || !/\b(css|html|svg)`/.test(code)) return null;
      const edits: Edit[] = [];
      const visit = (node: unknown): void => {
        if (!node || typeof node !== 'object') return;
        if (Array.isArray(node)) return node.forEach(visit);
        const n = node as { type?: string; tag?: { type: string; name: string }; quasi?: { quasis: { start: number; end: number }[] } };
        const minify = n.type === 'TaggedTemplateExpression' && n.tag?.type === 'Identifier' ? minifiers[n.tag.name] : undefined;
        if (minify && n.quasi) {
          for (const q of n.quasi.quasis) {
            const raw = code.slice(q.start, q.end);
            const text = minify(raw);
            if (text !== raw) edits.push({ start: q.start, end: q.end, text });
          }
        }
        for (const value of Object.values(node)) visit(value);
      };
      visit(this.parse(code));
      if (edits.length === 0) return null;
      edits.sort((a, b) => a.start - b.start);
      return applyEdits(code, edits, id);
    },
  };
}

export default defineConfig({
  define: { __PARLEY_VERSION__: JSON.stringify(version) },
  // The browser builds of socket.io-client and engine.io-client (the Node ones import `ws`), without debug.
  resolve: { conditions: ['browser', 'import', 'module', 'default'] },
  plugins: [noLitGlobals(), stubUnusedModules(), trimUnusedCode(), minifyTemplates()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    minify: true,
    lib: {
      entry: process.env.PARLEY_ENTRY ?? 'widget/src/parley.ts',
      formats: ['es', 'iife'],
      // The entry exports nothing, so the classic build declares no global: only `window.Parley` is written.
      name: 'ParleyEmbed',
      fileName: (format) => (format === 'es' ? 'parley.js' : 'parley.iife.js'),
    },
    rolldownOptions: {
      // Without this the ES build keeps whitespace and names (TOOLCHAIN.md).
      output: { minify: true },
    },
  },
});
