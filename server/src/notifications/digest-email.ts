// Renders the digest email (text and HTML parts) from what the digest found, in the recipient's language.
import { stripBidiControls } from '../safe-text.ts';
import type { EmailStrings } from './email-strings.ts';

/** One conversation of the digest. */
export interface DigestConversation {
  id: string;
  listingTitle: string | null;
  /** Who wrote (the other party's display name), null when unknown. */
  senderName: string | null;
  /** The conversation on the site's inbox page, or null when the site set no inbox URL. */
  link: string | null;
  /** Its unread messages in this digest, oldest first. */
  messages: Array<{ body: string; createdAt: Date }>;
}

/** Everything one digest email says. */
export interface DigestEmailInput {
  strings: EmailStrings;
  siteName: string;
  recipientName: string | null;
  /** False when the site turned previews off: counts only, never message text. */
  previews: boolean;
  conversations: DigestConversation[];
  unsubscribeUrl: string;
}

/** The rendered email. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Conversations shown at most (the others are counted). */
export const MAX_CONVERSATIONS_SHOWN = 10;
/** Latest messages quoted per conversation at most (the others are counted). */
export const MAX_MESSAGES_SHOWN = 5;
/** Characters of one message quoted at most. */
const MAX_BODY_CHARS = 500;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or attribute value: nothing in it can become markup. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** User text as an email shows it: no bidi controls, no control characters but newlines, bounded. */
function clean(value: string, max = MAX_BODY_CHARS): string {
  const text = stripBidiControls(value).replace(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One line (a subject, a heading): also without newlines. */
const line = (value: string, max = 200) => clean(value, max).replace(/\s+/g, ' ').trim();

/** Renders the digest. Every piece of user text is cleaned, and escaped in the HTML part. */
export function renderDigestEmail(input: DigestEmailInput): RenderedEmail {
  const { strings: t, previews } = input;
  const siteName = line(input.siteName);
  const unread = input.conversations.reduce((sum, c) => sum + c.messages.length, 0);
  const shown = input.conversations.slice(0, MAX_CONVERSATIONS_SHOWN).map((c) => {
    const heading = t.conversation(line(c.senderName ?? '') || t.someone, c.listingTitle ? line(c.listingTitle) : null);
    const quoted = previews ? c.messages.slice(-MAX_MESSAGES_SHOWN).map((m) => clean(m.body)) : [];
    const count = previews ? null : t.messageCount(c.messages.length);
    const more = previews && c.messages.length > quoted.length ? t.more(c.messages.length - quoted.length) : null;
    return { heading, quoted, count, more, link: c.link };
  });
  const hiddenConversations = input.conversations.length - shown.length;
  const recipientName = input.recipientName ? line(input.recipientName) : null;

  const text = [
    t.greeting(recipientName),
    '',
    t.intro(unread, siteName),
    ...shown.flatMap((c) => [
      '',
      c.heading,
      ...c.quoted.map((q) => `> ${q.replaceAll('\n', '\n> ')}`),
      ...(c.count ? [c.count] : []),
      ...(c.more ? [`(${c.more})`] : []),
      ...(c.link ? [`${t.openConversation}: ${c.link}`] : []),
    ]),
    ...(hiddenConversations > 0 ? ['', `(${t.more(hiddenConversations)})`] : []),
    '',
    '-- ',
    t.footer(siteName),
    `${t.unsubscribe}: ${input.unsubscribeUrl}`,
    '',
  ].join('\n');

  const e = escapeHtml;
  const p = 'margin:0 0 12px 0;';
  const html = `<!doctype html>
<html lang="${e(t.lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(t.subject(unread, siteName))}</title></head>
<body style="margin:0;padding:24px;background:#f5f5f5;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;">
<p style="${p}">${e(t.greeting(recipientName))}</p>
<p style="${p}">${e(t.intro(unread, siteName))}</p>
${shown
  .map(
    (c) => `<div style="border-top:1px solid #e5e5e5;padding-top:12px;margin-top:12px;">
<p style="${p}font-weight:600;">${e(c.heading)}</p>
${c.quoted.map((q) => `<p style="${p}padding-left:12px;border-left:3px solid #d0d0d0;white-space:pre-wrap;" dir="auto">${e(q)}</p>`).join('\n')}
${c.count ? `<p style="${p}">${e(c.count)}</p>` : ''}
${c.more ? `<p style="${p}color:#666666;">${e(c.more)}</p>` : ''}
${c.link ? `<p style="${p}"><a href="${e(c.link)}" style="display:inline-block;background:#2563eb;color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:6px;">${e(t.openConversation)}</a></p>` : ''}
</div>`,
  )
  .join('\n')}
${hiddenConversations > 0 ? `<p style="${p}color:#666666;">${e(t.more(hiddenConversations))}</p>` : ''}
<p style="margin:24px 0 0 0;font-size:12px;color:#666666;">${e(t.footer(siteName))}<br><a href="${e(input.unsubscribeUrl)}" style="color:#666666;">${e(t.unsubscribe)}</a></p>
</div>
</body></html>
`;
  return { subject: line(t.subject(unread, siteName), 250), text, html };
}
