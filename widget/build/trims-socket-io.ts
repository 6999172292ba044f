// Trims of socket.io-client and socket.io-parser: what Parley never runs, and why each cut is safe.
import type { Trim } from './trims.ts';

/** socket.io-client's and socket.io-parser's part of {@link TRIMS}. */
export const SOCKET_IO_TRIMS: Record<string, Trim> = {
  // The Manager's reconnection (attempts, delays, backoff, the `reconnect*` events): Parley passes
  // `reconnection: false` and reconnects itself (connection.ts, with its own backoff and jitter), so
  // `reconnect()` never ran. A Manager asked to reconnect now throws instead of silently not doing it.
  'socket.io-client/build/esm/manager.js': {
    remove: [
      'reconnection',
      'reconnectionAttempts',
      'reconnectionDelay',
      'randomizationFactor',
      'reconnectionDelayMax',
      'maybeReconnectOnOpen',
      'reconnect',
      'onreconnect',
    ],
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
    remove: [
      'emitWithAck',
      '_addToQueue',
      '_drainQueue',
      'compress',
      'volatile',
      'onAny',
      'prependAny',
      'offAny',
      'listenersAny',
      'onAnyOutgoing',
      'prependAnyOutgoing',
      'offAnyOutgoing',
      'listenersAnyOutgoing',
      'notifyOutgoingListeners',
    ],
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
