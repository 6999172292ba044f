// Build plugin: applies the trims (trims.ts) and refuses widget code that uses what they removed.
import type { Plugin } from 'vite';
import { applyEdits, type Edit } from './source-edits.ts';
import { TRIMS } from './trims.ts';

/**
 * The socket.io-client API and options {@link TRIMS} took out. A widget module that imports
 * socket.io-client and names one of them fails the build (the socket is Connection's private field,
 * so that module is connection.ts).
 */
const TRIMMED_SOCKET_API =
  /\.(?:emitWithAck|volatile|compress|onAny|prependAny|offAny|listenersAny|onAnyOutgoing|prependAnyOutgoing|offAnyOutgoing|listenersAnyOutgoing|reconnection\w*|randomizationFactor)\b|\b(?:retries|ackTimeout|reconnection\w+|randomizationFactor|upgrade|rememberUpgrade|transportImplementations|closeOnBeforeunload|withCredentials|multiplex)\s*:/;

/** Applies {@link TRIMS}, and refuses widget code that uses what they removed. */
export function trimUnusedCode(): Plugin {
  return {
    name: 'parley:trim-unused-code',
    transform(code, id) {
      const file = id.replace(/\\/g, '/');
      if (/\/widget\/src\/.*\.ts$/.test(file) && /from\s+['"]socket\.io-client['"]/.test(code)) {
        const used = TRIMMED_SOCKET_API.exec(code.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, ''));
        if (used) this.error(`${used[0]} is not part of this build (see widget/build/trims.ts)`);
        return null;
      }
      const trim = TRIMS[file.split('/node_modules/').pop()!];
      if (!trim) return null;
      const edits: Edit[] = [];
      for (const [text, replacement] of trim.edits ?? []) {
        const start = code.indexOf(text);
        if (start < 0 || code.indexOf(text, start + 1) >= 0)
          this.error(`trim: \`${text}\` does not occur exactly once in ${file}`);
        edits.push({ start, end: start + text.length, text: replacement });
      }
      const wanted = new Set([...(trim.remove ?? []), ...Object.keys(trim.replace ?? {})]);
      const found = new Set<string>();
      const visit = (node: unknown, className: string): void => {
        if (!node || typeof node !== 'object') return;
        if (Array.isArray(node)) return node.forEach((child) => visit(child, className));
        const n = node as {
          type?: string;
          id?: { name: string } | null;
          key?: { type: string; name: string };
          start: number;
          end: number;
        };
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
