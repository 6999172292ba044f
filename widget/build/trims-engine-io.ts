// Trims of engine.io-client (the transport layer): what Parley never runs, and why each cut is safe.
import type { Trim } from './trims.ts';

/** engine.io-client's part of {@link TRIMS}. */
export const ENGINE_IO_TRIMS: Record<string, Trim> = {
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
};
