/**
 * Where an enrollment may exist: the learner belongs to the group (or the group is public), the
 * course belongs to the group, the group is not archived, and at most one active enrollment exists per
 * learner + course + group. Plain facts in, a verdict out; the server gathers the facts in one transaction.
 */
import { ACTIVE_STATES, isActive, type EnrollmentState } from './enrollment-status';

export type GroupVisibility = 'private' | 'public';
export type EnrollmentPolicy = 'approval' | 'open' | 'closed';

export type RuleCode =
  | 'MISSING_LEARNER'
  | 'MISSING_GROUP'
  | 'MISSING_COURSE'
  | 'GROUP_ARCHIVED'
  | 'NOT_A_MEMBER'
  | 'COURSE_NOT_IN_GROUP'
  | 'ALREADY_ACTIVE'
  | 'GROUP_CLOSED'
  | 'INVALID_INITIAL_STATE';

export type RuleVerdict = { ok: true } | { ok: false; code: RuleCode; message: string };

const OK: RuleVerdict = { ok: true };
const refuse = (code: RuleCode, message: string): RuleVerdict => ({ ok: false, code, message });

export interface GroupFacts {
  archivedAt: string | Date | null | undefined;
  visibility: GroupVisibility;
  enrollmentPolicy: EnrollmentPolicy;
}

/** A new enrollment may start in these states; anything else is a decision on an enrollment that exists. */
// The same states that hold a place: a new enrollment always holds one (the status table decides the rest).
export const INITIAL_STATES: readonly EnrollmentState[] = ACTIVE_STATES;

export const checkInitialState = (state: EnrollmentState): RuleVerdict =>
  INITIAL_STATES.includes(state)
    ? OK
    : refuse(
        'INVALID_INITIAL_STATE',
        `A new enrollment starts as ${INITIAL_STATES.join(', ')}, not ${state}.`
      );

export const checkRelationsPresent = (facts: {
  hasLearner: boolean;
  hasGroup: boolean;
  hasCourse: boolean;
}): RuleVerdict => {
  if (!facts.hasLearner) return refuse('MISSING_LEARNER', 'An enrollment needs a learner.');
  if (!facts.hasGroup) return refuse('MISSING_GROUP', 'An enrollment needs a group.');
  if (!facts.hasCourse) return refuse('MISSING_COURSE', 'An enrollment needs a course.');
  return OK;
};

export const checkNotArchived = (group: Pick<GroupFacts, 'archivedAt'>): RuleVerdict =>
  group.archivedAt ? refuse('GROUP_ARCHIVED', 'This group is archived and takes no new enrollments.') : OK;

export const checkMembership = (group: Pick<GroupFacts, 'visibility'>, isMember: boolean): RuleVerdict =>
  isMember || group.visibility === 'public'
    ? OK
    : refuse(
        'NOT_A_MEMBER',
        'The learner is not a member of this group, and the group is not public: add them to the group first.'
      );

export const checkCourseInGroup = (courseInGroup: boolean): RuleVerdict =>
  courseInGroup ? OK : refuse('COURSE_NOT_IN_GROUP', 'This course is not one of the group’s courses.');

/**
 * At most one active enrollment per learner + course + group. `otherActive` counts the active ones other
 * than the enrollment being written.
 */
export const checkOneActive = (state: EnrollmentState, otherActive: number): RuleVerdict =>
  isActive(state) && otherActive > 0
    ? refuse(
        'ALREADY_ACTIVE',
        'The learner already has an active (requested, waitlisted or approved) enrollment in this course of this group.'
      )
    : OK;

export interface PlacementFacts {
  state: EnrollmentState;
  group: GroupFacts;
  isMember: boolean;
  courseInGroup: boolean;
  otherActive: number;
  /** Archived groups keep their enrollments but take no new ones and no re-requests. */
  isNewPlacement: boolean;
}

/** Every placement rule, in the order a person would fix them. */
export const checkPlacement = (facts: PlacementFacts): RuleVerdict => {
  const checks: Array<() => RuleVerdict> = [
    () => (facts.isNewPlacement ? checkNotArchived(facts.group) : OK),
    () => checkMembership(facts.group, facts.isMember),
    () => checkCourseInGroup(facts.courseInGroup),
    () => checkOneActive(facts.state, facts.otherActive),
  ];
  for (const check of checks) {
    const verdict = check();
    if (!verdict.ok) return verdict;
  }
  return OK;
};

export type RequestOutcome =
  | { ok: true; state: 'requested' }
  /** Approve at once, seat limit permitting (the seat maths decide between approved and waitlisted). */
  | { ok: true; state: 'approved' }
  | { ok: false; code: 'GROUP_CLOSED'; message: string };

/**
 * What a request for a place becomes under the group's enrollment policy. A manager who may manage
 * enrollments registers the learner: that is a decision, so it approves whatever the policy.
 */
export const requestOutcome = (policy: EnrollmentPolicy, byManager: boolean): RequestOutcome => {
  if (byManager || policy === 'open') return { ok: true, state: 'approved' };
  if (policy === 'approval') return { ok: true, state: 'requested' };
  return {
    ok: false,
    code: 'GROUP_CLOSED',
    message: 'This group does not take enrollment requests; ask a manager of the group to enroll you.',
  };
};
