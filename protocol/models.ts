// The data models that travel between server and widget (contract section 5).
import type { WarningCode } from './safety.ts';

/** Where a listing registered by the site's server stands. */
export type ListingStatus = 'available' | 'reserved' | 'sold';

/** The statuses a registered listing may have, in the order a seller goes through them. */
export const LISTING_STATUSES: readonly ListingStatus[] = ['available', 'reserved', 'sold'];

/**
 * A listing snapshot stored with a conversation when it is created, and replaced each time the site's
 * server registers the listing again.
 */
export interface ListingSnapshot {
  id: string;
  title: string | null;
  url: string | null;
  imageUrl: string | null;
  price: string | null;
  /** Null until the site's server registers the listing. */
  status: ListingStatus | null;
}

/** A participant as the other side sees them; name and picture come from that user's latest token. */
export interface UserSummary {
  id: string;
  /** Null until the user has connected to Parley once (a seller contacted before ever signing in). */
  name: string | null;
  picture: string | null;
  /** The site's moderators suspended this user: they can neither connect nor send until it is lifted. */
  suspended: boolean;
}

/**
 * What a system message says, drawn in each reader's language: a listing's new status, or a note the
 * site's server posted (its text as given).
 */
export type SystemContent = { type: 'listing.status'; status: ListingStatus } | { type: 'text'; text: string };

/** One stored message. `seq` numbers the messages of a conversation 1, 2, 3… with no gap. */
export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  /** `user`: written by `senderId`; `system`: posted by the site (no sender), see `system`. */
  kind: 'user' | 'system';
  /** Null for a system message. */
  senderId: string | null;
  /** What a system message says (null for a user's message). */
  system: SystemContent | null;
  clientId: string;
  /** Empty once the message is deleted (`deletedAt` set): a tombstone keeps its place in the thread. */
  body: string;
  replyTo: string | null;
  /** ISO 8601. */
  createdAt: string;
  deletedAt: string | null;
  /** Contact details or outside links in the body were replaced by `MASK_PLACEHOLDER` (contract section 11). */
  masked: boolean;
  /** Risks the recipient is warned of (contract section 11); `[]` for most messages. */
  warnings: WarningCode[];
  /** Photos sent with the message, in the order chosen; `[]` when none, and always on a tombstone. */
  attachments: Attachment[];
}

/**
 * A photo of a message. `url` (at most 2048 px on the long side) and `thumbUrl` (about 480 px) are
 * signed for the member they were given to and expire within 24 hours; they may be relative to the
 * Parley server's origin. The stored image carries no metadata (no EXIF, no GPS position).
 */
export interface Attachment {
  id: string;
  type: 'image';
  /** Of the full image, after orientation: a placeholder of the right aspect ratio before it loads. */
  width: number;
  height: number;
  /** Size of the stored full image. */
  bytes: number;
  url: string;
  thumbUrl: string;
}

/** An uploaded photo not yet sent: the answer of `POST /uploads`. */
export interface Upload {
  id: string;
  width: number;
  height: number;
  bytes: number;
}

/** A conversation about one listing between its buyer and its seller, as seen by one of them. */
export interface Conversation {
  id: string;
  listing: ListingSnapshot;
  buyer: UserSummary;
  seller: UserSummary;
  lastSeq: number;
  lastMessage: Message | null;
  /** Messages from the other party after the viewer's read position, deleted ones excluded. */
  unread: number;
  /** Read position of each participant, by user id. */
  readSeq: Record<string, number>;
  /** Hidden by the viewer; a new message un-hides it. */
  archived: boolean;
  /** Muted by the viewer: no email, sound or desktop notification for it (the viewer's own setting). */
  muted: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Unread counts of one user: the total and per conversation (archived conversations left out). */
export interface UnreadCounts {
  total: number;
  conversations: Record<string, number>;
}

/** Whether a user has at least one connected socket, and when they were last seen. */
export interface Presence {
  userId: string;
  online: boolean;
  /** ISO 8601, null when never seen. */
  lastSeenAt: string | null;
}
