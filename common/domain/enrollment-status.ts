/**
 * The enrollment status table and every named set of states. One pure module, read by the server when it
 * changes a state and by the admin UI to show only the actions that are valid for a row: a set of states is
 * named here once and imported wherever it is used.
 */
export const ENROLLMENT_STATES = [
  'requested',
  'waitlisted',
  'approved',
  'rejected',
  'cancelled',
  'completed',
] as const;

export type EnrollmentState = (typeof ENROLLMENT_STATES)[number];

export const TRANSITIONS: Readonly<Record<EnrollmentState, readonly EnrollmentState[]>> = {
  requested: ['approved', 'rejected', 'waitlisted', 'cancelled'],
  waitlisted: ['approved', 'rejected', 'cancelled'],
  approved: ['completed', 'cancelled'],
  rejected: ['requested'],
  cancelled: ['requested'],
  completed: [],
};

/** States that hold a place: at most one of these per learner + course + group. */
export const ACTIVE_STATES: readonly EnrollmentState[] = ['requested', 'waitlisted', 'approved'];

/** States that wait for a manager's decision. */
export const PENDING_STATES: readonly EnrollmentState[] = ['requested', 'waitlisted'];

/** States a learner may withdraw themselves; an approved place is the manager's to cancel. */
export const LEARNER_CANCELLABLE_STATES: readonly EnrollmentState[] = PENDING_STATES;

/** States that use a seat of the group now: the seat limit counts these. */
export const SEAT_STATES: readonly EnrollmentState[] = ['approved'];

/** States of a learner who got a seat and takes (or took) the course: approved and completed. */
export const SEATED_STATES: readonly EnrollmentState[] = ['approved', 'completed'];

/** Attendance is about a course someone took part in. */
export const ATTENDANCE_STATES: readonly EnrollmentState[] = SEATED_STATES;

/** The LMS reports progress for enrollments whose learner has a place. */
export const REPORTABLE_STATES: readonly EnrollmentState[] = SEATED_STATES;

/** States that are a manager's decision on a request: they stamp decidedAt and decidedBy. */
export const DECISION_STATES: readonly EnrollmentState[] = ['approved', 'rejected', 'waitlisted'];

export const ATTENDANCE_VALUES = ['unknown', 'present', 'absent'] as const;
export type Attendance = (typeof ATTENDANCE_VALUES)[number];

export const isEnrollmentState = (value: unknown): value is EnrollmentState =>
  typeof value === 'string' && (ENROLLMENT_STATES as readonly string[]).includes(value);

export const canTransition = (from: EnrollmentState, to: EnrollmentState): boolean =>
  TRANSITIONS[from].includes(to);

export const nextStates = (from: EnrollmentState): readonly EnrollmentState[] => TRANSITIONS[from];

export const isActive = (state: EnrollmentState): boolean => ACTIVE_STATES.includes(state);

export const isFinal = (state: EnrollmentState): boolean => TRANSITIONS[state].length === 0;

/**
 * What a manager can do to an enrollment, named as the buttons of the workspace. Each action is one
 * transition; `unenroll` is the manager's word for approved -> cancelled.
 */
export const MANAGER_ACTIONS = {
  approve: 'approved',
  reject: 'rejected',
  waitlist: 'waitlisted',
  unenroll: 'cancelled',
  complete: 'completed',
  /** A rejected or cancelled request asked again on the learner's behalf: back to the managers' queue. */
  reopen: 'requested',
} as const satisfies Record<string, EnrollmentState>;

export type ManagerAction = keyof typeof MANAGER_ACTIONS;

export const MANAGER_ACTION_NAMES = Object.keys(MANAGER_ACTIONS) as ManagerAction[];

/**
 * Whether an action takes a reason, kept in the history (and, for a rejection, read by the learner):
 * `required` refuses the action without one, `optional` asks for one, `none` acts at once.
 */
export const ACTION_REASON: Readonly<Record<ManagerAction, 'required' | 'optional' | 'none'>> = {
  approve: 'none',
  complete: 'none',
  reject: 'required',
  unenroll: 'optional',
  waitlist: 'optional',
  reopen: 'optional',
};

export const availableActions = (from: EnrollmentState): ManagerAction[] =>
  MANAGER_ACTION_NAMES.filter((action) => canTransition(from, MANAGER_ACTIONS[action]));

export interface HistoryEntry {
  at: string;
  by: string | null;
  from: EnrollmentState | null;
  to: EnrollmentState;
  reason: string | null;
  /**
   * The due date this change set: a manager's change of it (same state before and after; null when cleared),
   * or the one an approval stamped from the group course's "complete within N days".
   */
  dueAt?: string | null;
  /** A change of the access window (same state before and after): the new end, null when removed. */
  expiresAt?: string | null;
}

export interface TransitionInput {
  from: EnrollmentState;
  to: EnrollmentState;
  /** ISO timestamp of the change; passed in so the rule stays pure. */
  now: string;
  /** Who acts, as written into history: `admin:<id>` (`admin:<id>/token:<id>` through an admin token), `learner:<id>`, `lms`, `system`. */
  by: string | null;
  reason?: string | null;
}

export type TransitionResult =
  | {
      ok: true;
      /** Fields to write on the enrollment. */
      changes: {
        state: EnrollmentState;
        decidedAt?: string;
        startedAt?: string;
        completedAt?: string;
        requestedAt?: string;
        reason?: string | null;
      };
      entry: HistoryEntry;
    }
  | { ok: false; code: 'INVALID_TRANSITION'; message: string };

/** Applies the status table to one change and says which fields to stamp. */
export const transition = (input: TransitionInput): TransitionResult => {
  const { from, to, now, by } = input;
  const reason = input.reason?.trim() ? input.reason.trim() : null;
  if (!canTransition(from, to)) {
    const allowed = TRANSITIONS[from];
    return {
      ok: false,
      code: 'INVALID_TRANSITION',
      message:
        allowed.length === 0
          ? `An enrollment that is ${from} cannot change any more.`
          : `An enrollment that is ${from} can become ${allowed.join(', ')}, not ${to}.`,
    };
  }
  const changes: Extract<TransitionResult, { ok: true }>['changes'] = { state: to, reason };
  if (DECISION_STATES.includes(to)) changes.decidedAt = now;
  if (to === 'requested') changes.requestedAt = now;
  if (to === 'completed') changes.completedAt = now;
  return { ok: true, changes, entry: { at: now, by, from, to, reason } };
};

/** The first history entry of a new enrollment. */
export const creationEntry = (
  state: EnrollmentState,
  now: string,
  by: string | null,
  reason: string | null = null
): HistoryEntry => ({ at: now, by, from: null, to: state, reason });
