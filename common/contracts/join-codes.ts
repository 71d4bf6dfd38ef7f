/**
 * Join code contracts: a manager creates, lists and disables a group's codes (admin routes), and a learner
 * joins with one (Content API). Shared by the routes, the Members page and the API tests.
 */
import { z } from 'zod';
import { JOIN_CODE_LENGTH, JOIN_CODE_LIMITS, type JoinCodeState } from '../domain/join-codes';
import { documentIdSchema, singleLineTextSchema } from './shared';

export { JOIN_CODE_LIMITS };

export const joinCodeParamsSchema = z
  .object({ groupId: documentIdSchema, codeId: documentIdSchema })
  .strict();

export const createJoinCodeBodySchema = z
  .object({
    label: singleLineTextSchema
      .max(JOIN_CODE_LIMITS.label, `must be at most ${JOIN_CODE_LIMITS.label} characters`)
      .optional(),
    expiresAt: z
      .string()
      .datetime({ offset: true, message: 'must be a date and time such as 2030-06-30T18:00:00Z' })
      .nullish(),
    maxUses: z
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be 1 or more')
      .max(JOIN_CODE_LIMITS.maxUses, `must be at most ${JOIN_CODE_LIMITS.maxUses}`)
      .nullish(),
    /** A course of the group: a learner who joins with the code asks for a place in it. */
    courseId: documentIdSchema.nullish(),
  })
  .strict();

/** A typed code: generous about dashes and spaces, but never longer than a code with its dashes. */
export const joinBodySchema = z
  .object({
    code: singleLineTextSchema.min(1, 'is required').max(JOIN_CODE_LENGTH * 2, 'is not a join code'),
  })
  .strict();

export type CreateJoinCodeBody = z.infer<typeof createJoinCodeBodySchema>;
export type JoinBody = z.infer<typeof joinBodySchema>;

/** A code as the Members page lists it: never the code itself, which is stored only as a hash. */
export interface JoinCode {
  documentId: string;
  prefix: string;
  label: string | null;
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
  disabledAt: string | null;
  state: JoinCodeState;
  course: { documentId: string; title: string | null } | null;
  createdAt: string;
}

/** The answer to creating a code: the code in full, shown this once. */
export interface CreatedJoinCode extends JoinCode {
  code: string;
}

export interface JoinResult {
  group: { documentId: string; name: string };
  /** False when the learner was a member already (no use of the code is spent). */
  joined: boolean;
  /** The place asked for in the code's course, or null (no course, or the request was refused). */
  enrollment: { documentId: string; state: string } | null;
  /** Why no place was asked for, when the code names a course. */
  enrollmentMessage: string | null;
}
