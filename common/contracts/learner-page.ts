/**
 * The learner page of the workspace: one learner as a manager may see them. Only what lies in the caller's
 * readable groups (manage enrollments or view reports there) is in the answer: the enrollments of those
 * groups with their flags and history as a timeline, and the learner's memberships among them. Nothing
 * tells of other groups, not even how many there are. A learner with neither an enrollment nor a
 * membership in those groups is a 404, the same answer as an id nobody has.
 */
import { z } from 'zod';
import type { TimelineEntry } from '../domain/enrollment-timeline';
import type { EnrollmentRow } from './report';
import { documentIdSchema } from './shared';

export type { TimelineEntry, TimelineActorKind } from '../domain/enrollment-timeline';

export const learnerPageParamsSchema = z.object({ documentId: documentIdSchema });
export type LearnerPageParams = z.infer<typeof learnerPageParamsSchema>;

/** The one text of the 404, for a learner outside the caller's groups and for an unknown id alike. */
export const noLearnerText = (documentId: string) => `No learner has the id ${documentId} in your groups.`;

/** An enrollment as the learner page shows it: the workspace row and its history, oldest first. */
export type LearnerEnrollment = Omit<EnrollmentRow, 'learner'> & { timeline: TimelineEntry[] };

export interface LearnerPage {
  learner: { documentId: string; username: string | null; email: string | null };
  /** The caller's readable groups the learner is a member of. */
  groups: Array<{ documentId: string; name: string }>;
  /** Newest request first. */
  enrollments: LearnerEnrollment[];
}

export interface LearnerPageResponse {
  data: LearnerPage;
}
