// `GET|POST /email/unsubscribe?t=…`: the one-click unsubscribe of RFC 8058 (POST), and a page to confirm it (GET).
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../http/env.ts';
import type { SitesRepository } from '../identity/sites.repository.ts';
import { escapeHtml } from './digest-email.ts';
import { emailLocales, pickLocale } from './email-locales.ts';
import type { EmailStrings } from './email-strings.ts';
import type { RecipientsRepository } from './recipients.repository.ts';
import { UNSUBSCRIBE_PATH } from './unsubscribe-link.ts';
import { unverifiedTarget, verifyUnsubscribeToken } from './unsubscribe-token.ts';

export interface UnsubscribeRoutesOptions {
  sites: Pick<SitesRepository, 'get'>;
  recipients: RecipientsRepository;
}

/** A page with nothing to load: no script, no remote resource, not framable. */
function page(strings: EmailStrings, body: string): string {
  return `<!doctype html><html lang="${escapeHtml(strings.lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width"><title>${escapeHtml(strings.unsubscribePage.title)}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;">${body}</body></html>`;
}

/**
 * The unsubscribe endpoint. GET only shows a confirmation form (mail scanners follow links; they must
 * not unsubscribe anyone); POST — a mail client's one-click `List-Unsubscribe=One-Click`, or that
 * form — unsubscribes. The token is signed with a key derived from the site's secret.
 */
export function unsubscribeRoutes({ sites, recipients }: UnsubscribeRoutesOptions) {
  const check = async (token: string | undefined) => {
    const target = token ? unverifiedTarget(token) : null;
    const site = target ? await sites.get(target.siteId) : null;
    if (!target || !site || !verifyUnsubscribeToken(token!, site.secret)) return null;
    const recipient = await recipients.get(target.siteId, target.userId);
    return recipient ? { target, recipient } : null;
  };
  const headers = {
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
  };
  const invalid = async (c: Context<AppEnv>) => {
    const t = pickLocale(await emailLocales(), null);
    return c.html(page(t, `<p>${escapeHtml(t.unsubscribePage.invalid)}</p>`), 400, headers);
  };

  return new Hono<AppEnv>()
    .get(UNSUBSCRIBE_PATH, async (c) => {
      const found = await check(c.req.query('t'));
      if (!found) return invalid(c);
      const locales = await emailLocales();
      const t = pickLocale(locales, found.recipient.locale).unsubscribePage;
      const siteName = found.recipient.site.name;
      const action = `${UNSUBSCRIBE_PATH}?t=${encodeURIComponent(c.req.query('t')!)}`;
      return c.html(
        page(
          pickLocale(locales, found.recipient.locale),
          `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.question(siteName))}</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${escapeHtml(t.confirm)}</button></form>`,
        ),
        200,
        headers,
      );
    })
    .post(UNSUBSCRIBE_PATH, bodyLimit({ maxSize: 1024, onError: (c) => c.text('Payload too large', 413) }), async (c) => {
      const found = await check(c.req.query('t'));
      if (!found) return invalid(c);
      await recipients.unsubscribe(found.target.siteId, found.target.userId);
      const strings = pickLocale(await emailLocales(), found.recipient.locale);
      return c.html(page(strings, `<p>${escapeHtml(strings.unsubscribePage.done(found.recipient.site.name))}</p>`), 200, headers);
    });
}
