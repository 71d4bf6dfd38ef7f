/**
 * Content API contracts for learners (users-permissions JWT): the groups they can work in, their own
 * enrollments, asking for a place and withdrawing the request. Shared by the server and the API tests;
 * a site's front end can import them from the package too.
 */
import { z } from 'zod';
import { ENROLLMENT_STATES, type EnrollmentState } from '../domain/enrollment-status';
import { documentIdSchema as documentId, paginationShape, reasonSchema, type Pagination } from './shared';

export { LEARNER_CANCELLABLE_STATES } from '../domain/enrollment-status';
const reason = reasonSchema.optional();
/** The locale the site shows courses in (i18n); a course without it is shown in the default locale. */
const locale = z
  .string()
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a locale code such as "en" or "fr-BE"')
  .optional();

/** Other query parameters are ignored, as they always were on this route. */
export const myGroupsQuerySchema = z.object({ locale });

export const myEnrollmentsQuerySchema = z
  .object({
    locale,
    state: z.enum(ENROLLMENT_STATES).optional(),
    group: documentId.optional(),
    ...paginationShape,
  })
  .strict();

export const requestEnrollmentBodySchema = z
  .object({ groupId: documentId, courseId: documentId, reason })
  .strict();

export const enrollmentParamsSchema = z.object({ documentId }).strict();

export const cancelEnrollmentBodySchema = z.object({ reason }).strict();

export type MyGroupsQuery = z.infer<typeof myGroupsQuerySchema>;
export type MyEnrollmentsQuery = z.infer<typeof myEnrollmentsQuerySchema>;
export type RequestEnrollmentBody = z.infer<typeof requestEnrollmentBodySchema>;
export type CancelEnrollmentBody = z.infer<typeof cancelEnrollmentBodySchema>;

/** A published course (when the course type has Draft & Publish), titled in the locale asked for. */
export interface LearnerCourse {
  documentId: string;
  title: string | null;
}

export interface LearnerGroup {
  documentId: string;
  name: string;
  slug: string;
  description: string | null;
  visibility: 'private' | 'public';
  enrollmentPolicy: 'approval' | 'open' | 'closed';
  /** True when the learner is a member; false for a public group they may still ask to join a course of. */
  member: boolean;
  /** False for closed groups: the managers place learners themselves. */
  canRequest: boolean;
  courses: LearnerCourse[];
}

export interface LearnerEnrollment {
  documentId: string;
  state: EnrollmentState;
  group: { documentId: string; name: string } | null;
  course: LearnerCourse | null;
  progress: number;
  score: number | null;
  timeSpent: number;
  requestedAt: string | null;
  decidedAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  /** The reason given with the last change (e.g. why a request was rejected). */
  reason: string | null;
  /** Whether the learner may withdraw it now. */
  cancellable: boolean;
}

export interface MyGroupsResponse {
  data: LearnerGroup[];
}

export interface MyEnrollmentsResponse {
  data: LearnerEnrollment[];
  meta: { pagination: Pagination };
}

export interface LearnerEnrollmentResponse {
  data: LearnerEnrollment;
}
