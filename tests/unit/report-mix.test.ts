import { ENROLLMENT_STATES, type EnrollmentState } from '../../common/domain/enrollment-status';
import { topCourses, type MixEntry } from '../../common/domain/report';

const entry = (title: string, approved: number, requested = 0): MixEntry => {
  const counts = Object.fromEntries(ENROLLMENT_STATES.map((s) => [s, 0])) as Record<EnrollmentState, number>;
  counts.approved = approved;
  counts.requested = requested;
  return { course: { documentId: title, title }, counts, total: approved + requested };
};

describe('topCourses (the report status mix)', () => {
  it('sorts by enrollments, ties by title as text, and keeps a short mix whole', () => {
    const mix = [entry('Course 10', 1), entry('Course 2', 5), entry('Course 1', 1)];
    expect(topCourses(mix, 10).map((m) => m.course.title)).toEqual(['Course 2', 'Course 1', 'Course 10']);
  });

  it('sums every course after the top ones into one entry that says how many it stands for', () => {
    const mix = Array.from({ length: 13 }, (_, i) => entry(`Course ${i}`, i + 1, 1));
    const top = topCourses(mix, 10);
    expect(top).toHaveLength(11);
    expect(top[0].course.title).toBe('Course 12');
    const others = top[10];
    expect(others).toMatchObject({ course: { documentId: null, title: null }, otherCourses: 3 });
    // Courses 0, 1 and 2: 1 + 2 + 3 approved, one request each.
    expect(others.counts).toMatchObject({ approved: 6, requested: 3 });
    expect(others.total).toBe(9);
    expect(top.reduce((sum, m) => sum + m.total, 0)).toBe(mix.reduce((sum, m) => sum + m.total, 0));
  });
});
