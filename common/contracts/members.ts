/**
 * Members contracts: the group's learners as a manager sees and changes them. Shared by
 * the admin routes, the Members page and the API tests.
 */
import { z } from 'zod';
import { ENROLLMENT_STATES } from '../domain/enrollment-status';
import { MEMBER_LIMITS, isEmailAddress } from '../domain/members';
import { startsLikeFormula } from '../domain/spreadsheet-safe';
import {
  IMPORT_ERROR_CODES,
  type ImportErrorCode,
  type ImportOutcome,
  type ImportRow,
  type ImportRowError,
  type ImportSummary,
} from '../domain/member-import';
import {
  documentIdSchema as documentId,
  multiLineTextSchema,
  paginationShape,
  queryFlagSchema,
  searchSchema,
  singleLineTextSchema,
  type Pagination,
} from './shared';

export { IMPORT_ERROR_CODES, MEMBER_LIMITS };
export type { ImportErrorCode, ImportOutcome, ImportRow, ImportRowError, ImportSummary };

export const emailSchema = singleLineTextSchema
  .min(1, 'is required')
  .max(MEMBER_LIMITS.email, `must be at most ${MEMBER_LIMITS.email} characters`)
  .refine(isEmailAddress, 'is not an email address')
  .transform((email) => email.toLowerCase());

export const usernameSchema = singleLineTextSchema
  .min(MEMBER_LIMITS.usernameMin, `must be at least ${MEMBER_LIMITS.usernameMin} characters`)
  .max(MEMBER_LIMITS.username, `must be at most ${MEMBER_LIMITS.username} characters`)
  .refine((name) => !startsLikeFormula(name), 'must not start with = + - @ or a tab');

export const groupParamsSchema = z.object({ groupId: documentId }).strict();
export const memberParamsSchema = z.object({ groupId: documentId, userId: documentId }).strict();
export const invitationParamsSchema = z.object({ groupId: documentId, invitationId: documentId }).strict();
export const messageParamsSchema = z.object({ groupId: documentId, messageId: documentId }).strict();

export const listMembersQuerySchema = z
  .object({
    search: searchSchema.optional(),
    /** `true`: the members of the group's sub-groups in the caller's scope too, each row naming its group. */
    subGroups: queryFlagSchema,
    ...paginationShape,
  })
  .strict();

/** Add someone who already has an account, by their user documentId or their email. */
export const addMemberBodySchema = z
  .object({ userId: documentId.optional(), email: emailSchema.optional() })
  .strict()
  .refine((body) => Boolean(body.userId) !== Boolean(body.email), 'give either userId or email, not both');

export const inviteBodySchema = z
  .object({ email: emailSchema, username: usernameSchema.optional() })
  .strict();

export const updateMemberBodySchema = z
  .object({ username: usernameSchema.optional(), email: emailSchema.optional() })
  .strict()
  .refine((body) => body.username !== undefined || body.email !== undefined, 'give a username or an email');

/** Who receives a message: every member, the members picked by id, or the members matching a filter. */
export const recipientsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z
    .object({
      kind: z.literal('selected'),
      userIds: z
        .array(documentId)
        .min(1, 'must name at least one member')
        .max(
          MEMBER_LIMITS.selectedRecipients,
          `must name at most ${MEMBER_LIMITS.selectedRecipients} members`
        ),
    })
    .strict(),
  z
    .object({
      kind: z.literal('filter'),
      search: searchSchema.optional(),
      /** Members with an enrollment in this state in the group (optionally in one course). */
      enrollmentState: z.enum(ENROLLMENT_STATES).optional(),
      courseId: documentId.optional(),
    })
    .strict(),
]);

export const messageBodySchema = z
  .object({
    subject: singleLineTextSchema
      .min(1, 'is required')
      .max(MEMBER_LIMITS.subject, `must be at most ${MEMBER_LIMITS.subject} characters`),
    body: multiLineTextSchema
      .min(1, 'is required')
      .max(MEMBER_LIMITS.body, `must be at most ${MEMBER_LIMITS.body} characters`),
    recipients: recipientsSchema,
  })
  .strict();

/** How many accounts the member search returns: a picker's worth, whatever the site's size. */
export const CANDIDATE_LIMIT = 20;

/** Accounts a manager may add to a group, searched by name or email. */
export const memberCandidatesQuerySchema = z.object({ search: searchSchema.optional() }).strict();

/** `skipInvalid=true`: import the valid rows and leave out those with errors (still all-or-nothing). */
export const applyImportQuerySchema = z
  .object({ skipInvalid: z.enum(['true', 'false']).optional() })
  .strict();

export type ListMembersQuery = z.infer<typeof listMembersQuerySchema>;
export type MemberCandidatesQuery = z.infer<typeof memberCandidatesQuerySchema>;
export type AddMemberBody = z.infer<typeof addMemberBodySchema>;
export type InviteBody = z.infer<typeof inviteBodySchema>;
export type UpdateMemberBody = z.infer<typeof updateMemberBodySchema>;
export type Recipients = z.infer<typeof recipientsSchema>;
export type MessageBody = z.infer<typeof messageBodySchema>;

export interface Member {
  id: number;
  documentId: string;
  username: string;
  email: string;
  /** False until an invited learner confirms their account. */
  confirmed: boolean;
  blocked: boolean;
  createdAt: string;
}

export interface PendingInvitation {
  documentId: string;
  email: string;
  username: string;
  expiresAt: string;
  lastSentAt: string;
  expired: boolean;
  /** Why the last email of this invitation failed (the relay's words); null once one was accepted. */
  emailError: string | null;
}

export interface InvitationLinkResponse {
  data: { link: string };
}

/** A member as the list shows them to the caller. */
export interface MemberRow extends Member {
  /**
   * Whether the caller may change this member's username and email: false when the learner also belongs
   * to a group whose members the caller does not manage (see mayEditAccount).
   */
  canEdit: boolean;
  /**
   * The group this row is a membership of (the listed group, or one of its sub-groups with `subGroups`),
   * named by the path the caller may see ("Amsterdam › ICU › Night shift"): edit, remove and message act
   * on it.
   */
  group: { documentId: string; name: string; path: string };
  /** The caller's rights in the row's group: remove and edit need `manageMembers`, a message `messageMembers`. */
  canManage: boolean;
  canMessage: boolean;
}

export interface ListMembersResponse {
  data: MemberRow[];
  meta: { pagination: Pagination; group: { documentId: string; name: string }; subGroups: boolean };
}

export interface ListInvitationsResponse {
  data: PendingInvitation[];
}

/** `added`: an existing account became a member now; `invited`: a new account waits for confirmation. */
export type InviteOutcome = 'added' | 'already-member' | 'invited';

export interface AddMemberResponse {
  data: { outcome: 'added' | 'already-member'; member: Member };
}

export interface InviteResponse {
  data: { outcome: InviteOutcome; member?: Member; invitation?: PendingInvitation; emailSent: boolean };
}

export interface UpdateMemberResponse {
  data: Member;
}

export interface RemoveMemberResponse {
  data: { removed: true; cancelledEnrollments: number };
}

/** A recipient the relay refused, with its words: the admin keeps the draft and offers to retry them. */
export interface FailedRecipient {
  userId: string;
  username: string;
  email: string;
  reason: string;
}

/**
 * What became of a message's emails (of the retried ones, for a retry): `sent` and `failed` by this
 * request; `queued` ones another node's email worker holds, or waiting for its next attempt, which the
 * message log shows as they are sent.
 */
export interface SendMessageResult {
  /** The message, for a retry of its failed emails (`POST …/messages/:messageId/retry`). */
  messageId: string;
  recipients: number;
  sent: number;
  failed: number;
  queued: number;
  /** Failed emails do not count against the hourly limit. */
  remainingThisHour: number;
  failures: FailedRecipient[];
}

export interface SendMessageResponse {
  data: SendMessageResult;
}

/** One entry of a group's message log. */
export interface SentMessage {
  documentId: string;
  subject: string;
  sentAt: string;
  sentBy: string;
  recipients: number;
  sent: number;
  failed: number;
  /** Not sent yet: waiting for the email worker, or being sent by it. */
  queued: number;
}

export interface ListMessagesResponse {
  data: SentMessage[];
}

/* ---------------------------------------------------------------- import ---------------------------------------------------------------- */

export interface ImportPreviewResponse {
  data: { fileName: string; summary: ImportSummary; rows: ImportRow[] };
}

export interface ImportApplyResponse {
  /** With `skipInvalid`, `summary.errors` counts the rows left out. */
  data: { summary: ImportSummary; invitationsSent: number; invitationsFailed: number };
}

export interface MemberCandidate {
  documentId: string;
  username: string;
  email: string;
}

export interface MemberCandidatesResponse {
  data: MemberCandidate[];
}
