// Request and answer bodies of the REST API under /api/v1 (contract section 4).
import type { Conversation, Message, UnreadCounts, Upload } from './models.ts';

/** Prefix of every REST route but the health checks. */
export const API_PREFIX = '/api/v1';

export interface ListConversationsResponse {
  conversations: Conversation[];
  /** Pass as `before` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export interface CreateConversationRequest {
  sellerId: string;
  listing: {
    id: string;
    title?: string | null;
    url?: string | null;
    imageUrl?: string | null;
    price?: string | null;
  };
}

export interface ConversationResponse {
  conversation: Conversation;
}

export interface ListMessagesResponse {
  messages: Message[];
  hasMore: boolean;
}

export interface SendMessageRequest {
  clientId: string;
  /** May be empty when `attachments` names at least one photo. */
  body: string;
  replyTo?: string | null;
  /** Ids of the caller's own unsent uploads (`POST /uploads`), at most `LIMITS.attachmentsMax`. */
  attachments?: string[];
}

/** The answer of `POST /uploads` (body: the image bytes): 201. */
export interface UploadResponse {
  upload: Upload;
}

export interface MessageResponse {
  message: Message;
}

export interface ReadRequest {
  seq: number;
}

/** `PUT /conversations/:id/mute`. */
export interface MuteRequest {
  muted: boolean;
}

export type UnreadResponse = UnreadCounts;

export interface ReportRequest {
  conversationId: string;
  messageId?: string | null;
  reason: string;
}

/** The body of `{data-token-url}` and of the demo's `/demo/token`. */
export interface TokenResponse {
  token: string;
}

/** Where a search result's `text` comes from. */
export type SearchField = 'message' | 'listing' | 'name';

/**
 * One search hit (`GET /search`). For a message, `messageId` and `seq` locate it in its thread; for
 * a listing title or the other party's name, both are null and the result opens the conversation.
 */
export interface SearchResult {
  conversationId: string;
  messageId: string | null;
  seq: number | null;
  field: SearchField;
  /** The matching text (a long message: an excerpt around the first match). */
  text: string;
  /** Matching words as `[start, end)` offsets in `text` (UTF-16 code units, as JavaScript indexes strings); never markup. */
  highlights: Array<[number, number]>;
}

export interface SearchResponse {
  results: SearchResult[];
}

/** Which conversations `GET /conversations?filter=` lists. */
export type ConversationFilter = 'all' | 'unread' | 'archived';

/** A seller's conversations about one listing (`GET /listings`). */
export interface ListingCount {
  listingId: string;
  /** The listing's title in its most recently active conversation. */
  title: string | null;
  /** Conversations about it (archived ones left out). */
  conversations: number;
  /** Of those, how many have an unread message. */
  unread: number;
}

export interface ListingCountsResponse {
  listings: ListingCount[];
}
