// Last line of defence: an error that escaped every entry point is logged, and the process keeps serving.
import type { Logger } from './logger.ts';

/**
 * What can be logged of anything thrown without walking it: an Error as pino serialises errors,
 * anything else summarised by type, since logging (or even `String()` of) a hostile nested object
 * would recurse.
 */
function loggable(thrown: unknown): unknown {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'string') return new Error(`non-Error thrown: ${thrown.slice(0, 500)}`);
  if (typeof thrown === 'number' || typeof thrown === 'boolean' || thrown == null) {
    return new Error(`non-Error thrown: ${String(thrown)}`);
  }
  return new Error(`non-Error thrown: ${typeof thrown}${Array.isArray(thrown) ? ' (array)' : ''}`);
}

/**
 * Installs `uncaughtException` and `unhandledRejection` handlers that log the error with pino and
 * let the process go on serving its other connections. Every entry point is meant to be safe on its
 * own; this only keeps one missed error from taking every user's connection down with it. Install it
 * once the server listens: a failure while starting must still end the process. Returns a function
 * that removes the handlers.
 */
export function installProcessGuard(logger: Logger, target: NodeJS.Process = process): () => void {
  const report = (message: string, thrown: unknown, origin: string) => {
    try {
      logger.error({ err: loggable(thrown), origin }, message);
    } catch (logFailure) {
      // The logger itself failed: stderr is all that is left, and throwing here would end the process.
      target.stderr.write(`${message} (${origin}); logging it failed too: ${String(logFailure)}\n`);
    }
  };
  const onException = (err: Error, origin: string) => report('uncaught exception; still serving', err, origin);
  const onRejection = (reason: unknown) => report('unhandled rejection; still serving', reason, 'unhandledRejection');
  target.on('uncaughtException', onException);
  target.on('unhandledRejection', onRejection);
  return () => {
    target.off('uncaughtException', onException);
    target.off('unhandledRejection', onRejection);
  };
}
