// The words of the email digest and the unsubscribe page: one file per language in locales/ provides them.

/** Everything an email or the unsubscribe page says, in one language. User text arrives as arguments, never as markup. */
export interface EmailStrings {
  /** The language's tag (`en`, `fr`): the file's name. */
  lang: string;
  subject(unread: number, siteName: string): string;
  greeting(name: string | null): string;
  intro(unread: number, siteName: string): string;
  /** Heading of one conversation: who wrote, and about which listing (null: none named). */
  conversation(senderName: string, listingTitle: string | null): string;
  /** Previews off: how many messages, not what they say. */
  messageCount(count: number): string;
  /** Below the previews shown: how many more there are. */
  more(count: number): string;
  /** Who wrote, when the token gave no name. */
  someone: string;
  openConversation: string;
  /** Why this email came. */
  footer(siteName: string): string;
  unsubscribe: string;
  unsubscribePage: {
    title: string;
    question(siteName: string): string;
    confirm: string;
    done(siteName: string): string;
    invalid: string;
  };
}
