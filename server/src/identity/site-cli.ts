// `npm run site -- create|set|safety|resolve-reports|webhook|key …`: creates a site, sets its email and safety settings,
// moderates, manages webhooks and the server API's keys (see admin/key-cli.ts).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runKeyCommand } from '../admin/key-cli.ts';
import { openCliDatabase } from '../db/cli-database.ts';
import { migrate } from '../db/migrate.ts';
import type { Sql } from '../db/sql.ts';
import { ModerationRepository } from '../moderation/moderation.repository.ts';
import { siteSafetyPatchSchema } from '../safety/site-safety.ts';
import { runWebhookCommand, WEBHOOK_USAGE } from '../webhooks/webhook-cli.ts';
import {
  normalizeOrigin,
  type Site,
  type SiteEmailSettingsUpdate,
  SitesRepository,
  updateSiteEmailSettings,
} from './sites.repository.ts';

const USAGE = `usage: npm run site -- create --name "My market" --origin https://market.example [--origin …] [--id my-market] [email settings]
       npm run site -- set --site my-market [email settings]
         email settings: --inbox-url <url>  --email-delay <seconds>|default  --email-previews on|off
       npm run site -- safety --id my-market [--contact-masking off|mask] [--help-url https://…|none]
                              [--phone-country FR] [--rules extra-rules.json]
       npm run site -- resolve-reports --id my-market --user u_42
       npm run site -- key create|list --site my-market | key revoke --site my-market --id key_…
${WEBHOOK_USAGE}`;

// The webhook commands read their own options.
if (process.argv[2] === 'webhook') {
  const db = await openCliDatabase('site command');
  try {
    await migrate(db.sql);
    process.exitCode = await runWebhookCommand(process.argv.slice(3), db.sql);
  } finally {
    await db.close();
  }
  process.exit();
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    name: { type: 'string' },
    origin: { type: 'string', multiple: true },
    id: { type: 'string' },
    'contact-masking': { type: 'string' },
    'help-url': { type: 'string' },
    'phone-country': { type: 'string' },
    rules: { type: 'string' },
    user: { type: 'string' },
    site: { type: 'string' },
    'inbox-url': { type: 'string' },
    'email-delay': { type: 'string' },
    'email-previews': { type: 'string' },
  },
});
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

const command = positionals[0];
if (command === 'create') {
  if (!values.name) fail(USAGE);
  let origins: string[] = [];
  try {
    origins = (values.origin ?? []).map(normalizeOrigin);
  } catch (err) {
    fail(String((err as Error).message));
  }
  const id = values.id ?? `site_${randomBytes(6).toString('hex')}`;
  if (!/^[\w-]{1,128}$/.test(id)) fail('--id: letters, digits, "_" and "-" only, at most 128');
  const settings = readEmailSettings();
  await withSites(async (sites, sql) => {
    const site = await sites.upsert({ id, name: values.name!, allowedOrigins: origins });
    await updateSiteEmailSettings(sql, site.id, settings);
    console.log(`site id:     ${site.id}`);
    console.log(`site secret: ${site.secret}`);
    console.log(`origins:     ${site.allowedOrigins.join(', ') || '(none: browsers will be refused)'}`);
    console.log('Sign tokens with HS256, header {"kid": "<site id>"}, claims iss=<site id>, aud="parley", sub, name, iat, exp.');
  });
} else if (command === 'set') {
  if (!values.site) fail(USAGE);
  const settings = readEmailSettings();
  await withSites(async (_sites, sql) => {
    if (!(await updateSiteEmailSettings(sql, values.site!, settings))) fail(`no site "${values.site}"`);
    console.log(`site ${values.site} updated`);
  });
} else if (command === 'safety') {
  if (!values.id) fail(USAGE);
  let rules: unknown;
  if (values.rules) {
    try {
      rules = JSON.parse(readFileSync(values.rules, 'utf8'));
    } catch (err) {
      fail(`--rules: ${(err as Error).message}`);
    }
  }
  const patch = siteSafetyPatchSchema.safeParse({
    contactMasking: values['contact-masking'],
    helpUrl: values['help-url'] === 'none' ? null : values['help-url'],
    phoneCountry: values['phone-country'],
    rules,
  });
  if (!patch.success) fail(patch.error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('\n'));
  await withSites(async (sites) => {
    const site = await sites.updateSafety(values.id!, patch.data!);
    if (!site) fail(`no site "${values.id}"`);
    printSafety(site!);
  });
} else if (command === 'resolve-reports') {
  if (!values.id || !values.user) fail(USAGE);
  await withSites(async (_sites, sql) => {
    const resolved = await new ModerationRepository(sql).resolveReports(values.id!, values.user!);
    console.log(`${resolved} open report(s) about ${values.user} closed: the limits they caused are lifted.`);
  });
} else if (command === 'key') {
  await withSites(async (_sites, sql) => {
    process.exitCode = await runKeyCommand(sql, positionals[1], values.site, values.id);
  });
} else {
  fail(USAGE);
}

async function withSites(work: (sites: SitesRepository, sql: Sql) => Promise<void>): Promise<void> {
  const db = await openCliDatabase('site command');
  try {
    await migrate(db.sql);
    await work(new SitesRepository(db.sql), db.sql);
  } finally {
    await db.close();
  }
}

function printSafety(site: Site): void {
  const { contactMasking, helpUrl, phoneCountry, rules } = site.safety;
  console.log(`site id:         ${site.id}`);
  console.log(`contact masking: ${contactMasking}`);
  console.log(`help page:       ${helpUrl ?? '(none)'}`);
  console.log(`phone country:   ${phoneCountry}`);
  console.log(`rule extensions: ${JSON.stringify(rules)}`);
}

/** The email settings the options give (only those given). */
function readEmailSettings(): SiteEmailSettingsUpdate {
  const settings: SiteEmailSettingsUpdate = {};
  const inbox = values['inbox-url'];
  if (inbox !== undefined) {
    let url: URL | null = null;
    try {
      url = new URL(inbox);
    } catch {
      // refused below
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) fail('--inbox-url must be an http(s) URL');
    settings.inboxUrl = url!.href;
  }
  const delay = values['email-delay'];
  if (delay !== undefined) {
    const seconds = Number(delay);
    if (delay === 'default') settings.emailDelaySeconds = null;
    else if (Number.isInteger(seconds) && seconds >= 0 && seconds <= 86_400) settings.emailDelaySeconds = seconds;
    else fail('--email-delay: whole seconds from 0 to 86400, or "default"');
  }
  const previews = values['email-previews'];
  if (previews !== undefined) {
    if (previews !== 'on' && previews !== 'off') fail('--email-previews: on or off');
    settings.emailPreviews = previews === 'on';
  }
  return settings;
}
