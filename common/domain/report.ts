/**
 * Report maths: how an enrollment counts in the totals, and the completion rate of a
 * group. The SQL of the report service computes the same buckets in the database; these pure forms are
 * what the unit tests and the admin read.
 */
import type { EnrollmentState } from './enrollment-status';

/** Where a learner stands in a course they hold (or held) a seat in. */
export type ProgressBucket = 'notStarted' | 'inProgress' | 'completed';

/** Only approved and completed enrollments have a learner actually taking the course. */
export const progressBucket = (row: {
  state: EnrollmentState;
  progress: number | null;
  startedAt: string | Date | null;
}): ProgressBucket | null => {
  if (row.state === 'completed') return 'completed';
  if (row.state !== 'approved') return null;
  return (row.progress ?? 0) > 0 || row.startedAt ? 'inProgress' : 'notStarted';
};

/** Completed out of everyone who got a seat (approved or completed); null when nobody did. */
export const completionRate = (completed: number, approved: number): number | null => {
  const seated = completed + approved;
  return seated === 0 ? null : completed / seated;
};
