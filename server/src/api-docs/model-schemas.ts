// The protocol's models as zod schemas, for the API documents only (requests are validated by the *.schemas.ts files).
import { z } from 'zod';
import {
  ERROR_CODES,
  LISTING_STATUSES,
  WARNING_CODES,
  type Attachment,
  type Conversation,
  type ErrorBody,
  type ListingCount,
  type ListingSnapshot,
  type Message,
  type MessageDeletedEvent,
  type Presence,
  type ReadEvent,
  type SearchResult,
  type SessionExpiredEvent,
  type SyncNeededEvent,
  type SiteInfo,
  type SyncResult,
  type TypingEvent,
  type UnreadCounts,
  type Upload,
  type UserSummary,
} from '../../../protocol/index.ts';
import type { AllSame, Same } from './same-shape.ts';

const int = z.number().int();
const isoDate = z.string().meta({ format: 'date-time' });

/** A listing's status as its site registered it. */
export const listingStatusModel = z.enum(LISTING_STATUSES as ['available', 'reserved', 'sold']);

/** The error body of every REST answer that is not a success (and of a failed socket ack). */
export const errorBodyModel = z
  .object({
    code: z.enum(ERROR_CODES),
    message: z.string().meta({ description: 'In plain English, for logs; not for users.' }),
    retryAfterMs: int.optional().meta({ description: 'With `rate_limited`: how long to wait.' }),
  })
  .meta({ id: 'ErrorBody' });

export const attachmentModel = z
  .object({
    id: z.string(),
    type: z.literal('image'),
    width: int,
    height: int,
    bytes: int,
    url: z.string().meta({ description: 'Signed for the member it was given to; expires within 24 hours.' }),
    thumbUrl: z.string(),
  })
  .meta({ id: 'Attachment', description: 'A photo of a message.' });

export const systemContentModel = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('listing.status'), status: listingStatusModel }),
    z.object({ type: z.literal('text'), text: z.string() }),
  ])
  .meta({ id: 'SystemContent', description: "What a system message says, drawn in each reader's language." });

export const messageModel = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    seq: int.meta({ description: 'Numbers the messages of a conversation 1, 2, 3… with no gap.' }),
    kind: z.enum(['user', 'system']),
    senderId: z.string().nullable(),
    system: z.union([systemContentModel, z.null()]),
    clientId: z.string(),
    body: z.string().meta({ description: 'Empty once the message is deleted (a tombstone).' }),
    replyTo: z.string().nullable(),
    createdAt: isoDate,
    deletedAt: isoDate.nullable(),
    masked: z.boolean(),
    warnings: z.array(z.enum(WARNING_CODES)),
    attachments: z.array(attachmentModel),
  })
  .meta({ id: 'Message' });

export const listingSnapshotModel = z
  .object({
    id: z.string(),
    title: z.string().nullable(),
    url: z.string().nullable(),
    imageUrl: z.string().nullable(),
    price: z.string().nullable(),
    status: listingStatusModel.nullable(),
  })
  .meta({ id: 'ListingSnapshot' });

export const userSummaryModel = z
  .object({ id: z.string(), name: z.string().nullable(), picture: z.string().nullable(), suspended: z.boolean() })
  .meta({ id: 'UserSummary' });

export const conversationModel = z
  .object({
    id: z.string(),
    listing: listingSnapshotModel,
    buyer: userSummaryModel,
    seller: userSummaryModel,
    lastSeq: int,
    lastMessage: z.union([messageModel, z.null()]),
    unread: int,
    readSeq: z.record(z.string(), int).meta({ description: 'Read position of each participant, by user id.' }),
    archived: z.boolean(),
    muted: z.boolean(),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: 'Conversation', description: 'A conversation as one of its two members sees it.' });

export const unreadCountsModel = z.object({ total: int, conversations: z.record(z.string(), int) }).meta({ id: 'UnreadCounts' });

export const presenceModel = z
  .object({ userId: z.string(), online: z.boolean(), lastSeenAt: isoDate.nullable() })
  .meta({ id: 'Presence' });

export const uploadModel = z.object({ id: z.string(), width: int, height: int, bytes: int }).meta({ id: 'Upload' });

export const searchResultModel = z
  .object({
    conversationId: z.string(),
    messageId: z.string().nullable(),
    seq: int.nullable(),
    field: z.enum(['message', 'listing', 'name']),
    text: z.string(),
    highlights: z.array(z.tuple([int, int])).meta({ description: '`[start, end)` offsets in UTF-16 code units.' }),
  })
  .meta({ id: 'SearchResult' });

export const listingCountModel = z
  .object({ listingId: z.string(), title: z.string().nullable(), conversations: int, unread: int })
  .meta({ id: 'ListingCount' });

export const messageDeletedModel = z
  .object({ conversationId: z.string(), messageId: z.string(), seq: int })
  .meta({ id: 'MessageDeletedEvent' });

export const readEventModel = z.object({ conversationId: z.string(), userId: z.string(), seq: int }).meta({ id: 'ReadEvent' });

export const typingEventModel = z
  .object({ conversationId: z.string(), userId: z.string(), typing: z.boolean() })
  .meta({ id: 'TypingEvent' });

export const sessionExpiredModel = z
  .object({ code: z.literal('token_expired'), message: z.string() })
  .meta({ id: 'SessionExpiredEvent' });

export const siteInfoModel = z
  .object({ name: z.string(), helpUrl: z.string().nullable(), previews: z.boolean() })
  .meta({ id: 'SiteInfo' });

export const syncResultModel = z
  .object({
    messages: z.array(messageModel),
    conversations: z.array(conversationModel),
    hasMore: z.boolean(),
    deleted: z.array(messageDeletedModel),
    deletedCursor: z.string(),
    gone: z.array(z.string()),
    site: siteInfoModel.optional(),
    changeCursor: z.string().optional(),
    reload: z.array(z.string()).optional(),
    changeCursorReset: z.boolean().optional(),
  })
  .meta({ id: 'SyncResult' });

export const syncNeededModel = z.object({ reason: z.literal('fan_out_restored') }).meta({ id: 'SyncNeededEvent' });

/** Fails to compile when a schema above and its protocol type stop describing the same shape. */
export type ModelsMatchProtocol = AllSame<
  [
    Same<z.output<typeof errorBodyModel>, ErrorBody>,
    Same<z.output<typeof attachmentModel>, Attachment>,
    Same<z.output<typeof messageModel>, Message>,
    Same<z.output<typeof listingSnapshotModel>, ListingSnapshot>,
    Same<z.output<typeof userSummaryModel>, UserSummary>,
    Same<z.output<typeof conversationModel>, Conversation>,
    Same<z.output<typeof unreadCountsModel>, UnreadCounts>,
    Same<z.output<typeof presenceModel>, Presence>,
    Same<z.output<typeof uploadModel>, Upload>,
    Same<z.output<typeof searchResultModel>, SearchResult>,
    Same<z.output<typeof listingCountModel>, ListingCount>,
    Same<z.output<typeof messageDeletedModel>, MessageDeletedEvent>,
    Same<z.output<typeof readEventModel>, ReadEvent>,
    Same<z.output<typeof typingEventModel>, TypingEvent>,
    Same<z.output<typeof sessionExpiredModel>, SessionExpiredEvent>,
    Same<z.output<typeof syncNeededModel>, SyncNeededEvent>,
    Same<z.output<typeof siteInfoModel>, SiteInfo>,
    Same<z.output<typeof syncResultModel>, SyncResult>,
  ]
>;
