// Mots français de l'email récapitulatif et de la page de désabonnement.
import type { EmailStrings } from '../email-strings.ts';

const plural = (n: number, one: string, other: string) => (n <= 1 ? one : other);

export default {
  lang: 'fr',
  subject: (unread, site) => `${unread} ${plural(unread, 'message non lu', 'messages non lus')} sur ${site}`,
  greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
  intro: (unread, site) => `Vous avez ${unread} ${plural(unread, 'message non lu', 'messages non lus')} sur ${site}.`,
  conversation: (sender, listing) => (listing ? `${sender} à propos de « ${listing} »` : sender),
  messageCount: (n) => `${n} ${plural(n, 'nouveau message', 'nouveaux messages')}`,
  more: (n) => `et ${n} de plus`,
  someone: 'Quelqu’un',
  openConversation: 'Ouvrir la conversation',
  footer: (site) => `Vous recevez cet email parce que des messages qui vous sont adressés sur ${site} sont restés non lus.`,
  unsubscribe: 'Ne plus recevoir ces emails',
  unsubscribePage: {
    title: 'Désabonnement',
    question: (site) => `Ne plus recevoir d’emails pour les messages non lus sur ${site} ?`,
    confirm: 'Me désabonner',
    done: (site) => `Vous ne recevrez plus d’emails pour les messages non lus sur ${site}.`,
    invalid: 'Ce lien de désabonnement n’est pas valide.',
  },
} satisfies EmailStrings;
