/**
 * Members contracts: the group's learners as a manager sees and changes them (SPEC §5 Members). Shared by
 * the admin routes, the Members page and the API tests.
 */
import { z } from 'zod';
import { documentIdSchema, paginationShape } from './report';
import { ENROLLMENT_STATES } from '../domain/enrollment-status';

export const MEMBER_LIMITS = {
  /** RFC 5321 caps an address at 254 characters. */
  email: 254,
  usernameMin: 3,
  username: 100,
  search: 100,
  subject: 200,
  body: 20000,
  /** Rows one import file may hold; a larger class list is split into several files. */
  importRows: 5000,
  /** Bytes of one uploaded import file. */
  importBytes: 5 * 1024 * 1024,
  /** Members one message may name explicitly. */
  selectedRecipients: 5000,
} as const;

const documentId = documentIdSchema;

export const emailSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(MEMBER_LIMITS.email, `must be at most ${MEMBER_LIMITS.email} characters`)
  .email('is not an email address')
  .transform((email) => email.toLowerCase());

export const usernameSchema = z
  .string()
  .trim()
  .min(MEMBER_LIMITS.usernameMin, `must be at least ${MEMBER_LIMITS.usernameMin} characters`)
  .max(MEMBER_LIMITS.username, `must be at most ${MEMBER_LIMITS.username} characters`)
  .refine((name) => !/^[=+\-@\t\r]/.test(name), 'must not start with = + - @ or a tab');

export const groupParamsSchema = z.object({ groupId: documentId }).strict();
export const memberParamsSchema = z.object({ groupId: documentId, userId: documentId }).strict();
export const invitationParamsSchema = z.object({ groupId: documentId, invitationId: documentId }).strict();

export const listMembersQuerySchema = z
  .object({
    search: z.string().trim().max(MEMBER_LIMITS.search).optional(),
    page: paginationShape.page,
    pageSize: paginationShape.pageSize,
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
      search: z.string().trim().max(MEMBER_LIMITS.search).optional(),
      /** Members with an enrollment in this state in the group (optionally in one course). */
      enrollmentState: z.enum(ENROLLMENT_STATES).optional(),
      courseId: documentId.optional(),
    })
    .strict(),
]);

export const messageBodySchema = z
  .object({
    subject: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(MEMBER_LIMITS.subject, `must be at most ${MEMBER_LIMITS.subject} characters`),
    body: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(MEMBER_LIMITS.body, `must be at most ${MEMBER_LIMITS.body} characters`),
    recipients: recipientsSchema,
  })
  .strict();

export type ListMembersQuery = z.infer<typeof listMembersQuerySchema>;
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
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface ListMembersResponse {
  data: Member[];
  meta: { pagination: Pagination; group: { documentId: string; name: string } };
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

export interface SendMessageResponse {
  data: { recipients: number; sent: number; failed: number; remainingThisHour: number };
}

/* ---------------------------------------------------------------- import ---------------------------------------------------------------- */

export const IMPORT_ERROR_CODES = [
  'missing-email',
  'invalid-email',
  'duplicate',
  'too-long',
  'too-short',
  'formula',
  'blocked',
  'username-taken',
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

/** What applying the file would do to one row. */
export type ImportOutcome = 'add' | 'invite' | 'already-member' | 'error';

export interface ImportRowError {
  code: ImportErrorCode;
  column: 'email' | 'username' | null;
  message: string;
}

export interface ImportRow {
  /** The row number as the spreadsheet shows it (the header is row 1 or wherever it was found). */
  row: number;
  email: string;
  username: string;
  outcome: ImportOutcome;
  errors: ImportRowError[];
}

export interface ImportSummary {
  rows: number;
  add: number;
  invite: number;
  alreadyMember: number;
  errors: number;
}

export interface ImportPreviewResponse {
  data: { fileName: string; summary: ImportSummary; rows: ImportRow[] };
}

export interface ImportApplyResponse {
  data: { summary: ImportSummary; invitationsSent: number; invitationsFailed: number };
}
