// A real SMTP server (smtp-server) for tests: collects the emails it accepts, and can refuse or stall them.
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** An accepted email, with its two parts decoded. */
export interface ReceivedMail {
  to: string[];
  headers: Map<string, string>;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

/** What the sink does with the next message: accept it, refuse it (a temporary 451), or never answer. */
export type SinkMode = 'accept' | 'refuse' | 'stall';

export interface SmtpSink {
  url: string;
  port: number;
  mails: ReceivedMail[];
  mode: SinkMode;
  /** Emits `mail` (ReceivedMail) and `stalled` (a message it is holding). */
  events: EventEmitter;
  nextMail(): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** Starts a sink on 127.0.0.1, any free port; `smtp://127.0.0.1:<port>` without TLS or auth. */
export async function startSmtpSink(mode: SinkMode = 'accept'): Promise<SmtpSink> {
  const events = new EventEmitter();
  const mails: ReceivedMail[] = [];
  const sink = { mode } as SmtpSink;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (sink.mode === 'stall') {
          events.emit('stalled');
          return; // never answers: the client waits until it is killed or times out
        }
        if (sink.mode === 'refuse') {
          const err = new Error('try again later') as Error & { responseCode: number };
          err.responseCode = 451;
          return callback(err);
        }
        const mail = parseMail(
          Buffer.concat(chunks).toString('utf8'),
          session.envelope.rcptTo.map((r) => r.address),
        );
        mails.push(mail);
        callback();
        events.emit('mail', mail);
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(sink, {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    events,
    nextMail: async () => (await once(events, 'mail'))[0] as ReceivedMail,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

function splitHeaders(block: string): { headers: Map<string, string>; body: string } {
  const at = block.indexOf('\r\n\r\n');
  const head = at < 0 ? block : block.slice(0, at);
  const body = at < 0 ? '' : block.slice(at + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody(body: string, encoding: string | undefined): string {
  if (encoding?.toLowerCase() === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding?.toLowerCase() === 'quoted-printable') {
    const soft = body.replace(/=\r\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      const hex = soft[i] === '=' ? /^[0-9A-F]{2}$/i.exec(soft.slice(i + 1, i + 3)) : null;
      if (hex) {
        bytes.push(parseInt(hex[0], 16));
        i += 2;
      } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`). */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeBody(text.replace(/_/g, ' '), 'quoted-printable'),
    );
}

/** Parses what nodemailer sends: a multipart/alternative email with a text and an HTML part. */
export function parseMail(raw: string, to: string[]): ReceivedMail {
  const { headers, body } = splitHeaders(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  let text = '';
  let html = '';
  for (const part of boundary ? body.split(`--${boundary}`) : [body]) {
    const { headers: h, body: b } = splitHeaders(part.replace(/^\r\n/, ''));
    const type = h.get('content-type') ?? '';
    const decoded = decodeBody(b.replace(/\r\n$/, ''), h.get('content-transfer-encoding'));
    if (type.startsWith('text/plain')) text = decoded.replace(/\r\n/g, '\n');
    if (type.startsWith('text/html')) html = decoded.replace(/\r\n/g, '\n');
  }
  return { to, headers, subject: decodeWords(headers.get('subject') ?? ''), text, html, raw };
}
