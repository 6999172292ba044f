// Structured logging (pino). Authorization headers and handshake tokens are redacted everywhere.
import { pino, type Logger } from 'pino';

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

/** Creates the process logger. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'parley' } });
}
