// Checked by `npm run typecheck`: the React and Vue typings accept the elements as documented and refuse mistakes.
import type { GlobalComponents } from 'vue';
import './react.ts';
import './vue.ts';

/** React: attributes, children and typed `onparley-*` listeners. */
export const reactListing = (
  <parley-contact-seller seller="bob" listing="bike_1" listing-title="Bike" onparley-error={(e) => e.detail.code.toUpperCase()}>
    Ask
  </parley-contact-seller>
);
export const reactChat = <parley-chat inline conversation="c_1" onparley-unread-change={(e) => e.detail.total + 1} />;
// @ts-expect-error: `listing` is required on the contact button.
export const reactMissing = <parley-contact-seller seller="bob" />;
// @ts-expect-error: no such position.
export const reactPosition = <parley-unread-bubble position="top" />;
// @ts-expect-error: the detail of parley-unread-change has no `code`.
export const reactDetail = <parley-chat onparley-unread-change={(e) => e.detail.code} />;

/** Vue: the global components' props, as templates check them under vue-tsc. */
type Props<K extends keyof GlobalComponents> = InstanceType<GlobalComponents[K]>['$props'];
export const vueListing: Props<'parley-contact-seller'> = { seller: 'bob', listing: 'bike_1', 'listing-price': '120 €' };
export const vueChat: Props<'parley-chat'> = { inline: true, onParleyUnreadChange: (e) => e.detail.total };
// @ts-expect-error: no such theme.
export const vueTheme: Props<'parley-chat'> = { theme: 'purple' };
