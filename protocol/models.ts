// The data models that travel between server and widget (contract section 5).

/** A listing snapshot stored with a conversation when it is created. */
export interface ListingSnapshot {
  id: string;
  title: string | null;
  url: string | null;
  imageUrl: string | null;
  price: string | null;
}

/** A participant as the other side sees them; name and picture come from that user's latest token. */
export interface UserSummary {
  id: string;
  /** Null until the user has connected to Parley once (a seller contacted before ever signing in). */
  name: string | null;
  picture: string | null;
}

/** One stored message. `seq` numbers the messages of a conversation 1, 2, 3… with no gap. */
export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  clientId: string;
  /** Empty once the message is deleted (`deletedAt` set): a tombstone keeps its place in the thread. */
  body: string;
  replyTo: string | null;
  /** ISO 8601. */
  createdAt: string;
  deletedAt: string | null;
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
