// Delivers one webhook event to one endpoint: a signed POST, 10 s at most, no redirect followed, at most 4 KB of answer read.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Sql } from '../db/sql.ts';
import { type JobHandler, PermanentJobError } from '../jobs/job-runner.ts';
import type { Logger } from '../logger.ts';
import { checkLiteralHost, publicOnlyLookup } from './safe-target.ts';
import { signatureHeader } from './signature.ts';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository.ts';
import { WEBHOOK_JOB_KIND, type WebhookJobPayload } from './webhook-events.ts';

/** How long a delivery may take, connection included. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Bytes of an answer read at most (the status is what counts). */
export const WEBHOOK_MAX_ANSWER_BYTES = 4096;

export interface PostOptions {
  /** Loopback and private addresses allowed (PARLEY_WEBHOOK_ALLOW_PRIVATE=1). */
  allowPrivate: boolean;
  timeoutMs?: number;
}

/**
 * POSTs `body` to `url` and resolves with the status code. Redirects are not followed (a 3xx is a
 * failure like any non-2xx); at most {@link WEBHOOK_MAX_ANSWER_BYTES} of the answer are read.
 */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<number> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new PermanentJobError('not an http(s) URL');
  if (!options.allowPrivate) checkLiteralHost(target);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return await new Promise<number>((resolve, reject) => {
    const req = request(target, {
      method: 'POST',
      agent: false,
      lookup: options.allowPrivate ? undefined : publicOnlyLookup,
      headers: {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'Parley-Webhooks/1',
        ...headers,
      },
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.on('response', (res) => {
      let read = 0;
      const done = () => {
        clearTimeout(timer);
        resolve(res.statusCode ?? 0);
      };
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= WEBHOOK_MAX_ANSWER_BYTES) {
          res.destroy();
          done();
        }
      });
      res.on('end', done);
      res.on('error', done);
    });
    req.end(body);
  });
}

export interface WebhookJobOptions {
  sql: Sql;
  allowPrivate: boolean;
  logger: Logger;
  timeoutMs?: number;
}

function readPayload(payload: unknown): WebhookJobPayload {
  const p = payload as Partial<WebhookJobPayload> | null;
  if (typeof p?.endpointId !== 'string' || typeof p.event?.id !== 'string')
    throw new PermanentJobError('malformed webhook payload');
  return p as WebhookJobPayload;
}

/**
 * Delivers a `webhook` job: the stored envelope (the same event id on every attempt), signed at
 * this attempt's time with every valid secret of the endpoint. A 2xx finishes the job; anything else
 * (an error status, a redirect, a timeout, a refused connection) throws and the job is retried with
 * backoff for at least a day. An endpoint removed meanwhile drops the delivery.
 */
export function webhookJobHandler(options: WebhookJobOptions): JobHandler {
  const endpoints = new WebhookEndpointsRepository(options.sql);
  return {
    kind: WEBHOOK_JOB_KIND,
    async run(job, { now }) {
      const { endpointId, event } = readPayload(job.payload);
      const endpoint = await endpoints.get(endpointId, new Date(now));
      if (!endpoint) return;
      const body = JSON.stringify(event);
      const status = await postWebhook(
        endpoint.url,
        body,
        { 'Parley-Event-Id': event.id, 'Parley-Signature': signatureHeader(body, endpoint.secrets, Math.floor(now / 1000)) },
        { allowPrivate: options.allowPrivate, timeoutMs: options.timeoutMs },
      );
      if (status < 200 || status > 299) throw new Error(`the endpoint answered ${status}`);
    },
  };
}
