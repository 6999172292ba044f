// Structured logging (pino): JSON lines, or pino-pretty's coloured lines on a terminal. Tokens are redacted everywhere.
import { pino, type Logger } from 'pino';
import { build as prettyStream } from 'pino-pretty';
import type { LogFormat } from './config.ts';

export type { Logger };

/** Paths pino replaces with "[redacted]" wherever they appear in a log object. */
const REDACT = [
  'token',
  '*.token',
  'auth.token',
  'headers.authorization',
  'req.headers.authorization',
  'handshake.auth',
  'secret',
  '*.secret',
];

/** Whether `format` means pino-pretty's lines here: `auto` does when stdout is a terminal. */
export function isPrettyFormat(format: LogFormat, stdout: { isTTY?: boolean } = process.stdout): boolean {
  return format === 'pretty' || (format === 'auto' && stdout.isTTY === true);
}

/**
 * Creates the process logger: JSON lines (what a log collector reads) unless `format` asks for
 * readable lines, which pino-pretty writes synchronously, coloured when the terminal takes colours.
 */
export function createLogger(level: string, format: LogFormat = 'json'): Logger {
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'parley' } };
  if (!isPrettyFormat(format)) return pino(options);
  return pino(options, prettyStream({ sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' }));
}
