/**
 * Report maths: how an enrollment counts in the totals, and the completion rate of a
 * group. The SQL of the report service computes the same buckets in the database; these pure forms are
 * what the unit tests and the admin read.
 */
import { ENROLLMENT_STATES, type EnrollmentState } from './enrollment-status';

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

/** One course's enrollments per state, as the report's status mix carries them. */
export interface MixEntry {
  course: { documentId: string | null; title: string | null };
  counts: Record<EnrollmentState, number>;
  total: number;
  /** Only on the summed last entry: how many courses it stands for. */
  otherCourses?: number;
}

/**
 * The `top` courses with the most enrollments (ties by title), then one entry summing the others, which
 * says how many courses it stands for: a chart of a bounded size whatever the number of courses.
 */
export const topCourses = (mix: MixEntry[], top: number): MixEntry[] => {
  const ranked = [...mix].sort(
    (a, b) => b.total - a.total || (a.course.title ?? '').localeCompare(b.course.title ?? '')
  );
  if (ranked.length <= top) return ranked;
  const rest = ranked.slice(top);
  const counts = Object.fromEntries(
    ENROLLMENT_STATES.map((state) => [state, rest.reduce((sum, entry) => sum + entry.counts[state], 0)])
  ) as Record<EnrollmentState, number>;
  const others: MixEntry = {
    course: { documentId: null, title: null },
    counts,
    total: rest.reduce((sum, entry) => sum + entry.total, 0),
    otherCourses: rest.length,
  };
  return [...ranked.slice(0, top), others];
};
