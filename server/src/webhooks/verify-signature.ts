// How a receiver checks a Parley webhook (docs/notifications.md shows this file; its test uses it).
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * True when `header` (the `Parley-Signature` request header) signs `rawBody` (the request body exactly
 * as received, before any JSON parsing) with `secret`, at a time within `toleranceSeconds` of now.
 */
export function verifyParleySignature(
  rawBody: string,
  header: string | undefined,
  secret: string,
  toleranceSeconds = 300,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!header) return false;
  let timestamp = NaN;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.split('=', 2);
    if (key === 't') timestamp = Number(value);
    if (key === 'v1' && value) signatures.push(value);
  }
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  return signatures.some((hex) => {
    const given = Buffer.from(hex, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
