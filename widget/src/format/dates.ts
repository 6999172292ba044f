// Dates for the thread and the list through Intl: times of day, day separators, relative times.

const formatters = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  // Built once per locale and options: a thread formats a time for every message it shows, and
  // JSON.stringify-ing the options for each was most of its cost in a profile.
  const key = `${locale}|${Object.values(options)}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

const relativeFormatters = new Map<string, Intl.RelativeTimeFormat>();

/** Cached like dateFormat(): the conversation list formats a relative time for every row at each render. */
function relativeFormat(locale: string, style: 'long' | 'short'): Intl.RelativeTimeFormat {
  const key = `${locale}|${style}`;
  let f = relativeFormatters.get(key);
  if (!f) relativeFormatters.set(key, (f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style })));
  return f;
}

/** `14:05` / `2:05 PM`, as the locale writes it. */
export function timeOfDay(iso: string, locale: string): string {
  return dateFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** A key that changes when the local calendar day changes. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

/** `Today`, `Yesterday`, or the date (with the year when it is not this year). */
export function dayLabel(iso: string, locale: string, now = new Date()): string {
  const d = new Date(iso);
  const days = Math.round((startOfDay(now) - startOfDay(d)) / 86_400_000);
  if (days === 0 || days === 1) {
    const text = relativeFormat(locale, 'long').format(-days, 'day');
    return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
  }
  const sameYear = d.getFullYear() === now.getFullYear();
  return dateFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }) }).format(
    d,
  );
}

/** `5 min ago`, `yesterday`, or a short date for older ones; `justNow` under a minute. */
export function relativeTime(iso: string, locale: string, justNow: string, now = Date.now()): string {
  const t = Date.parse(iso);
  const seconds = Math.round((now - t) / 1000);
  if (seconds < 60) return justNow;
  const rtf = relativeFormat(locale, 'short');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return rtf.format(-hours, 'hour');
  const days = Math.round((startOfDay(new Date(now)) - startOfDay(new Date(t))) / 86_400_000);
  if (days < 7) return rtf.format(-days, 'day');
  return dateFormat(locale, { day: 'numeric', month: 'short' }).format(new Date(t));
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}
