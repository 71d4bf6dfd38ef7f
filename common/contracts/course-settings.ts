/**
 * "Complete within N days" per course of a group (see common/domain/course-settings.ts for where it lives).
 */
import { z } from 'zod';
import { COMPLETE_WITHIN_DAYS } from '../domain/course-settings';
import { documentIdSchema } from './shared';

const RANGE = `from ${COMPLETE_WITHIN_DAYS.min} to ${COMPLETE_WITHIN_DAYS.max} days`;

/** N: a whole number of days within COMPLETE_WITHIN_DAYS. */
export const completeWithinDaysSchema = z
  .number({ invalid_type_error: `must be a whole number of days (${RANGE}) or null` })
  .int(`must be a whole number of days (${RANGE})`)
  .min(COMPLETE_WITHIN_DAYS.min, `must be ${RANGE}`)
  .max(COMPLETE_WITHIN_DAYS.max, `must be ${RANGE}`);

/** The group attribute as a Content Manager or MCP write may set it: course documentId → N. */
export const completeWithinSchema = z.record(documentIdSchema, completeWithinDaysSchema).nullable();

/*
 * PUT /groups/workspace/groups/:documentId/complete-within: set (a number) or remove (null) the
 * "complete within N days" of one course of the group. Needs the edit-courses right in the group.
 */
export const completeWithinBodySchema = z
  .object({
    course: documentIdSchema,
    completeWithinDays: completeWithinDaysSchema.nullable(),
  })
  .strict();
export type CompleteWithinBody = z.infer<typeof completeWithinBodySchema>;
export interface CompleteWithinResponse {
  data: { course: string; completeWithinDays: number | null };
}
