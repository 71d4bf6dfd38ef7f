/**
 * Content API contract for the site's LMS back end (a Strapi API token): it reports how a learner is
 * doing in a course. `progress: 100` completes an approved enrollment.
 */
import { z } from 'zod';
import { documentIdSchema } from './shared';
import type { EnrollmentState } from '../domain/enrollment-status';

/** Ten years of seconds: a larger time spent is a unit mistake (milliseconds), not a learner. */
export const MAX_TIME_SPENT_SECONDS = 10 * 365 * 24 * 3600;
export const MAX_SCORE = 1_000_000;

const timestamp = z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time' });

export const progressParamsSchema = z.object({ documentId: documentIdSchema }).strict();

export const progressReportSchema = z
  .object({
    progress: z.number().int('must be a whole number').min(0).max(100).optional(),
    /** Total seconds spent in the course so far (not an increment). */
    timeSpent: z.number().int('must be whole seconds').min(0).max(MAX_TIME_SPENT_SECONDS).optional(),
    score: z.number().min(0).max(MAX_SCORE).nullable().optional(),
    startedAt: timestamp.optional(),
    completedAt: timestamp.optional(),
  })
  .strict()
  .refine(
    (body) => Object.keys(body).length > 0,
    'report at least one of progress, timeSpent, score, startedAt, completedAt'
  )
  .refine(
    (body) =>
      !body.startedAt || !body.completedAt || Date.parse(body.startedAt) <= Date.parse(body.completedAt),
    { message: 'completedAt must not be before startedAt', path: ['completedAt'] }
  );

export type ProgressReport = z.infer<typeof progressReportSchema>;

export { REPORTABLE_STATES } from '../domain/enrollment-status';

export interface ProgressResponse {
  data: {
    documentId: string;
    state: EnrollmentState;
    progress: number;
    timeSpent: number;
    score: number | null;
    startedAt: string | null;
    completedAt: string | null;
  };
}
