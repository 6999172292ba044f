// Build plugin: modules of socket.io-client's stack that Parley never runs, replaced by small stubs.
import type { Plugin } from 'vite';

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
  // (socket.io-parser's binary.js and is-binary.js are no longer imported: see trims-socket-io.ts.)
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
  // (The Manager's reconnection backoff, contrib/backo2.js, is no longer imported: see trims-socket-io.ts.)
};

/** Loads the stub of each {@link UNUSED_MODULES} entry instead of the module. */
export function stubUnusedModules(): Plugin {
  return {
    name: 'parley:stub-unused-modules',
    load(id) {
      const path = id.replace(/\\/g, '/').split('/node_modules/').pop()!;
      return Object.hasOwn(UNUSED_MODULES, path) ? UNUSED_MODULES[path]! : null;
    },
  };
}
