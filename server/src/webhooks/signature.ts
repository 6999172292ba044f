// Signs a webhook body: `Parley-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, one v1 per valid secret.
import { createHmac } from 'node:crypto';

/** The signature header's value for `body` at `timestamp` (seconds), with a `v1` for each secret. */
export function signatureHeader(body: string, secrets: readonly string[], timestamp: number): string {
  const signed = `${timestamp}.${body}`;
  const v1 = secrets.map((secret) => `v1=${createHmac('sha256', secret).update(signed).digest('hex')}`);
  return [`t=${timestamp}`, ...v1].join(',');
}
