// Starts the page's alerts (title badge, chime, desktop notifications) for whichever client the page has.
import { PageAlerts } from '../alerts/page-alerts.ts';
import { getPageClient, onPageClientChange } from '../client/page-client.ts';
import type { ParleyClient } from '../client/parley-client.ts';
import { ensureFloatingChat } from './floating-chat.ts';
import { pageSettings } from './page-config.ts';

let started = false;
let alerts: PageAlerts | null = null;

/** Alerts for the page's client, moved to each new one (a configuration change); idempotent. */
export function startPageAlerts(): void {
  if (started) return;
  started = true;
  const follow = (client: ParleyClient | null) => {
    alerts?.dispose();
    alerts = client
      ? new PageAlerts(client, {
          titleBadge: () => pageSettings().titleBadge,
          previews: () => client.state.site?.previews ?? true,
          open: (id) => {
            client.openChat(id);
            if (!document.querySelector('parley-chat')) ensureFloatingChat();
          },
        })
      : null;
  };
  onPageClientChange(follow);
  follow(getPageClient());
}

/** Applies changed page settings (the title badge turned on or off) now rather than at the next change. */
export function refreshPageAlerts(): void {
  alerts?.refresh();
}
