// Request and answer bodies of the REST API under /api/v1 (contract section 4).
import type { Conversation, Message, UnreadCounts } from './models.ts';

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
  body: string;
  replyTo?: string | null;
}

export interface MessageResponse {
  message: Message;
}

export interface ReadRequest {
  seq: number;
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
