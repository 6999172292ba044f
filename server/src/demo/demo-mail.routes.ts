// `GET /demo/mail`: the emails the demo would have sent (kept in memory), and `GET /demo/sign-in` to open one's link as its recipient.
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import { escapeHtml } from '../notifications/digest-email.ts';
import type { MemoryMailer } from '../notifications/mailer.ts';
import { DEMO_USERS } from './demo-users.ts';

const STRINGS = {
  en: {
    title: 'Emails the demo would have sent',
    intro: (seconds: number) =>
      `A message that stays unread for ${seconds} seconds is emailed to its recipient. Sign in as alice, write to bob, sign in as someone else (or close the tab), and wait: bob's email (in French) appears here. Reload to see new ones.`,
    none: 'No email yet.',
    to: 'To',
    openAs: (user: string) => `Open the conversation as ${user}`,
    off: 'Email goes to PARLEY_SMTP_URL: this page shows nothing.',
  },
  fr: {
    title: 'Emails que la démo aurait envoyés',
    intro: (seconds: number) =>
      `Un message qui reste non lu ${seconds} secondes est envoyé par email à son destinataire. Connectez-vous en tant qu’alice, écrivez à bob, changez d’utilisateur (ou fermez l’onglet) et patientez : l’email de bob (en français) apparaît ici. Rechargez pour voir les nouveaux.`,
    none: 'Aucun email pour l’instant.',
    to: 'À',
    openAs: (user: string) => `Ouvrir la conversation en tant que ${user}`,
    off: 'Les emails partent vers PARLEY_SMTP_URL : cette page n’affiche rien.',
  },
};

/** Only a path on this site: `/…`, not `//host` (an open redirect). */
const isLocalPath = (value: string) => value.startsWith('/') && !value.startsWith('//') && !value.includes('\\');

export interface DemoMailRoutesOptions {
  /** Null when the demo sends real email (PARLEY_SMTP_URL set). */
  mailer: MemoryMailer | null;
  delaySeconds: number;
}

/**
 * The demo's mail page. Each email's HTML is shown in a sandboxed frame (no script, nothing from the
 * page), its text part as text, and each link to a conversation with a "sign in as the recipient
 * and open it" button, since the demo's link only works for the user it was sent to.
 */
export function demoMailRoutes({ mailer, delaySeconds }: DemoMailRoutesOptions) {
  return new Hono<AppEnv>()
    .get('/demo/mail', (c) => {
      const t = (c.req.header('accept-language') ?? '').toLowerCase().startsWith('fr') ? STRINGS.fr : STRINGS.en;
      const e = escapeHtml;
      const mails = mailer?.sent ?? [];
      const items = mails.map((mail) => {
        const user = Object.entries(DEMO_USERS).find(([, u]) => u.email === mail.to)?.[0];
        const links = [...mail.text.matchAll(/https?:\/\/\S+parley-conversation=\S+/g)].map((m) => new URL(m[0]));
        const open = links
          .map((link) =>
            user
              ? `<p><a href="${e(`/demo/sign-in?user=${encodeURIComponent(user)}&next=${encodeURIComponent(link.pathname + link.search)}`)}">${e(t.openAs(user))}</a></p>`
              : '',
          )
          .join('');
        const framed = mail.html.replace('<head>', '<head><base target="_blank">');
        return `<article style="border:1px solid #ddd;border-radius:8px;padding:12px;margin:16px 0;">
<h2 style="font-size:1.1rem;margin:0 0 4px 0;">${e(mail.subject)}</h2>
<p style="margin:0 0 8px 0;color:#555;">${e(t.to)}: ${e(mail.to)} · ${e(mail.sentAt.toISOString())}</p>
${open}
<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${e(framed)}" style="width:100%;height:420px;border:1px solid #eee;" title="${e(mail.subject)}"></iframe>
<details><summary>text/plain</summary><pre style="white-space:pre-wrap;">${e(mail.text)}</pre></details>
</article>`;
      });
      c.header(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
      c.header('Cache-Control', 'no-store');
      return c.html(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${e(t.title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;">
<p><a href="/">Troc &amp; Co</a></p><h1>${e(t.title)}</h1>
<p>${e(mailer ? t.intro(delaySeconds) : t.off)}</p>
${items.join('\n') || `<p>${e(t.none)}</p>`}
</body></html>`);
    })
    .get('/demo/sign-in', (c) => {
      const user = c.req.query('user') ?? '';
      const next = c.req.query('next') ?? '/';
      if (!Object.hasOwn(DEMO_USERS, user) || !isLocalPath(next)) return c.text('Bad request', 400);
      c.header('Set-Cookie', `demo_user=${user}; Path=/; SameSite=Lax`);
      return c.redirect(next, 303);
    });
}
