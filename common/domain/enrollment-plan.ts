/**
 * What one enrollment write does, decided in one place whichever way the write arrives (the plugin's
 * routes, the Content Manager, MCP, scripts): the target state, the stamps, the history entries, who
 * decided and whether a seat is taken or freed, or a typed rejection. Plain values in (the row as it is, the
 * change asked for, the actor, `now`, the placement and seat facts gathered under the group's lock), a plan
 * out; the enrollment service writes it.
 */
import {
  checkInitialState,
  checkPlacement,
  checkRelationsPresent,
  type PlacementFacts,
  type RuleCode,
} from './enrollment-rules';
import {
  DECISION_STATES,
  SEAT_STATES,
  creationEntry,
  isActive,
  transition,
  type EnrollmentState,
  type HistoryEntry,
} from './enrollment-status';
import { dueAtAfter } from './course-settings';
import { messageText } from './messages';

/** Who acts, as the plan records it. */
export interface PlanActor {
  /** As written into history: `admin:<id>` (`admin:<id>/token:<id>` through an admin token), `learner:<id>`, `lms`, `system`. */
  label: string | null;
  /** The admin user who decides (decidedBy); null when anyone else acts. */
  adminId: number | null;
}

/** The seats of the enrollment's group, counted under the group's lock. */
export interface SeatFacts {
  /** null: the group has no seat limit. */
  limit: number | null;
  /** Seats held by the group's other enrollments. */
  used: number;
  /** Refuse an approval past the limit instead of waitlisting it. */
  strict: boolean;
  /** The actor chose to approve past the limit and holds the right to (see `WhenFull`). */
  overLimit?: boolean;
}

/**
 * What a manager's approval does when the group is full: `waitlist` (the site's rule: the waitlist, or a
 * refusal in strict mode), `ask` (refuse, so the manager can be asked what to do), `overLimit` (approve past
 * the limit; only with the right to, else refused like `ask`).
 */
export const WHEN_FULL = ['waitlist', 'ask', 'overLimit'] as const;
export type WhenFull = (typeof WHEN_FULL)[number];

export type SeatVerdict = 'approve' | 'waitlist' | 'refuse';

/** The seat rule: an approval takes a free seat, else waits on the waitlist (or is refused in strict mode). */
export const seatRule = (seats: SeatFacts | null | undefined): SeatVerdict => {
  if (!seats || seats.limit === null || seats.used < seats.limit || seats.overLimit) return 'approve';
  return seats.strict ? 'refuse' : 'waitlist';
};

export type SeatEffect = 'takes' | 'frees' | 'none';

/** Whether a change takes a seat of the group, frees one, or leaves the count alone. */
export const seatEffect = (from: EnrollmentState | null, to: EnrollmentState): SeatEffect => {
  const before = from !== null && SEAT_STATES.includes(from);
  const after = SEAT_STATES.includes(to);
  if (before === after) return 'none';
  return after ? 'takes' : 'frees';
};

export const NO_SEAT_LEFT = messageText({ key: 'server.enrollment.noSeat' });
const NO_SEAT_IN_NEW_GROUP = messageText({ key: 'server.enrollment.noSeatNewGroup' });

/** Where the enrollment will be: which relations it has and, when it has them all, the placement facts. */
export interface PlacementInput {
  relations: { hasLearner: boolean; hasGroup: boolean; hasCourse: boolean };
  /** null when a relation is missing or the group is gone. */
  facts: Omit<PlacementFacts, 'state'> | null;
}

/** A change that makes an enrollment hold a place again (rejected or cancelled -> requested) is a placement. */
export const reactivates = (from: EnrollmentState, to: EnrollmentState): boolean =>
  !isActive(from) && isActive(to);

export interface PlanRejection {
  ok: false;
  code: RuleCode | 'INVALID_TRANSITION' | 'SEAT_LIMIT';
  message: string;
}

/** One write of an existing enrollment: the same for every row making the same change at the same moment. */
export interface EnrollmentStep {
  state: EnrollmentState;
  stamps: { requestedAt?: string; decidedAt?: string; completedAt?: string; dueAt?: string };
  /** The reason given with the change; null clears an earlier one. */
  reason: string | null;
  entry: HistoryEntry;
  /** undefined: leave decidedBy; null: clear it; a number: the admin who decided. */
  decidedBy?: number | null;
  /** A completion stamps startedAt when the LMS never reported a start. */
  startIfMissing?: string;
}

export type TransitionPlan =
  | { ok: true; kind: 'unchanged'; state: EnrollmentState }
  /** Approving a waitlisted enrollment while the group is full: it stays where it is. */
  | { ok: true; kind: 'waitlist-kept'; state: EnrollmentState }
  | {
      ok: true;
      kind: 'move';
      state: EnrollmentState;
      /** Approval asked, no seat free: the enrollment goes to the waitlist instead. */
      waitlisted: boolean;
      step: EnrollmentStep;
      seat: SeatEffect;
    }
  | (PlanRejection & { state: EnrollmentState });

export interface TransitionRequest {
  from: EnrollmentState;
  to: EnrollmentState;
  actor: PlanActor;
  /** ISO timestamp of the change. */
  now: string;
  reason?: string | null;
  /** Needed when the change makes the enrollment hold a place again, or moves it (see `reactivates`). */
  placement?: PlacementInput | null;
  /** The seats of the enrollment's group; needed when the change takes a seat. */
  seats?: SeatFacts | null;
  /** The enrollment moves to another group: a seated one needs a seat there. */
  movesGroup?: boolean;
  /** What the due date rule reads on approval (see `approvalDueAt`). */
  due?: DueFacts | null;
}

/** The due date an enrollment has and the "complete within N days" of its group course. */
export interface DueFacts {
  dueAt: string | null;
  /** null: the group course sets no deadline. */
  completeWithinDays: number | null;
}

/**
 * An approval stamps a due date N days later when the group course says "complete within N days" and the
 * enrollment has none yet (one a manager set is kept). Anything else stamps nothing.
 */
export const approvalDueAt = (
  to: EnrollmentState,
  now: string,
  due: DueFacts | null | undefined
): string | undefined =>
  to === 'approved' && due && !due.dueAt && due.completeWithinDays !== null
    ? dueAtAfter(now, due.completeWithinDays)
    : undefined;

const trimmed = (reason: string | null | undefined) => (reason?.trim() ? reason.trim() : null);

const placementVerdict = (state: EnrollmentState, placement: PlacementInput | null | undefined) => {
  if (!placement) return null;
  const relations = checkRelationsPresent(placement.relations);
  if (!relations.ok) return relations;
  if (!placement.facts) return checkRelationsPresent({ ...placement.relations, hasGroup: false });
  const verdict = checkPlacement({ ...placement.facts, state });
  return verdict.ok ? null : verdict;
};

/** Plans a change of an existing enrollment's state (or of its place, when `from` equals `to`). */
export const planTransition = (request: TransitionRequest): TransitionPlan => {
  const { from, actor, now } = request;
  const refuse = (code: PlanRejection['code'], message: string): TransitionPlan => ({
    ok: false,
    code,
    message,
    state: from,
  });
  if (from !== request.to) {
    const verdict = transition({ from, to: request.to, now, by: actor.label });
    if (!verdict.ok) return refuse(verdict.code, verdict.message);
  }
  const misplaced = placementVerdict(request.to, request.placement);
  if (misplaced && !misplaced.ok) return refuse(misplaced.code, misplaced.message);

  const seat = SEAT_STATES.includes(request.to) ? seatRule(request.seats) : 'approve';
  if (from === request.to) {
    if (!request.movesGroup || seat === 'approve') return { ok: true, kind: 'unchanged', state: from };
    // approved -> waitlisted is not in the table: a seated enrollment cannot move into a full group.
    return refuse('SEAT_LIMIT', seat === 'refuse' ? NO_SEAT_LEFT : NO_SEAT_IN_NEW_GROUP);
  }
  if (seat === 'refuse') return refuse('SEAT_LIMIT', NO_SEAT_LEFT);
  const to: EnrollmentState = seat === 'waitlist' ? 'waitlisted' : request.to;
  if (to === from) return { ok: true, kind: 'waitlist-kept', state: from };

  const verdict = transition({ from, to, now, by: actor.label, reason: trimmed(request.reason) });
  if (!verdict.ok) return refuse(verdict.code, verdict.message);
  const { state, reason, decidedAt, requestedAt, completedAt } = verdict.changes;
  const stamps: EnrollmentStep['stamps'] = {};
  if (decidedAt) stamps.decidedAt = decidedAt;
  if (requestedAt) stamps.requestedAt = requestedAt;
  if (completedAt) stamps.completedAt = completedAt;
  const dueAt = approvalDueAt(state, now, request.due);
  if (dueAt) stamps.dueAt = dueAt;
  return {
    ok: true,
    kind: 'move',
    state,
    waitlisted: to !== request.to,
    seat: seatEffect(from, to),
    step: {
      state,
      stamps,
      reason: reason ?? null,
      entry: dueAt ? { ...verdict.entry, dueAt } : verdict.entry,
      decidedBy: DECISION_STATES.includes(to) ? actor.adminId : undefined,
      startIfMissing: to === 'completed' ? now : undefined,
    },
  };
};

export interface CreationRequest {
  /** The state asked for: a request, or a decision taken at once (a manager's registration, an open group). */
  state: EnrollmentState;
  actor: PlanActor;
  now: string;
  reason?: string | null;
  placement: PlacementInput;
  seats?: SeatFacts | null;
  /**
   * Trusted server code bringing past records along (seeds, imports): where the enrollment is must still
   * hold, but its state, stamps and history are its own.
   */
  imported?: boolean;
  /** What the due date rule reads when the enrollment is approved at once. */
  due?: DueFacts | null;
}

export type CreationPlan =
  | { ok: true; kind: 'as-written' }
  | {
      ok: true;
      kind: 'create';
      state: EnrollmentState;
      waitlisted: boolean;
      history: HistoryEntry[];
      stamps: { requestedAt: string; decidedAt: string | null; completedAt: null; dueAt?: string };
      decidedBy: number | null;
      reason: string | null;
      seat: SeatEffect;
    }
  | PlanRejection;

/**
 * Plans a new enrollment: it always starts as a request (the first history entry), and a decision taken at
 * once (approved, or waitlisted for want of a seat) is a second entry of the same moment.
 */
export const planCreation = (request: CreationRequest): CreationPlan => {
  if (!request.imported) {
    const initial = checkInitialState(request.state);
    if (!initial.ok) return initial;
  }
  const misplaced = placementVerdict(request.state, request.placement);
  if (misplaced && !misplaced.ok) return misplaced;
  if (request.imported) return { ok: true, kind: 'as-written' };

  const seat = SEAT_STATES.includes(request.state) ? seatRule(request.seats) : 'approve';
  if (seat === 'refuse') return { ok: false, code: 'SEAT_LIMIT', message: NO_SEAT_LEFT };
  const state: EnrollmentState = seat === 'waitlist' ? 'waitlisted' : request.state;
  const { now, actor } = request;
  const reason = trimmed(request.reason);
  const decided = state !== 'requested';
  const dueAt = approvalDueAt(state, now, request.due);
  const history = [creationEntry('requested', now, actor.label, reason)];
  if (decided) {
    history.push({
      at: now,
      by: actor.label,
      from: 'requested',
      to: state,
      reason: null,
      ...(dueAt ? { dueAt } : {}),
    });
  }
  return {
    ok: true,
    kind: 'create',
    state,
    waitlisted: state !== request.state,
    history,
    stamps: {
      requestedAt: now,
      decidedAt: decided ? now : null,
      completedAt: null,
      ...(dueAt ? { dueAt } : {}),
    },
    decidedBy: decided ? actor.adminId : null,
    reason,
    seat: seatEffect(null, state),
  };
};

/**
 * A request for a place where the learner has a rejected or cancelled enrollment of the same course and
 * group: that enrollment asks again (its history goes on) instead of a second row, and takes the decision
 * the new request would have had. A re-request has no decider yet, so decidedBy is cleared first. A due
 * date the enrollment still has (`keptDueAt`) is kept, so an approval stamps none.
 */
export const planReRequest = (
  from: EnrollmentState,
  creation: Extract<CreationPlan, { kind: 'create' }>,
  actor: PlanActor,
  now: string,
  keptDueAt: string | null = null
): EnrollmentStep[] | PlanRejection => {
  const again = transition({ from, to: 'requested', now, by: actor.label, reason: creation.reason });
  if (!again.ok) return again;
  const steps: EnrollmentStep[] = [
    {
      state: 'requested',
      stamps: { requestedAt: now },
      reason: creation.reason,
      entry: again.entry,
      decidedBy: null,
    },
  ];
  if (creation.state !== 'requested') {
    const { dueAt: _stamped, ...decision } = creation.history[creation.history.length - 1];
    const dueAt = keptDueAt ? undefined : creation.stamps.dueAt;
    steps.push({
      state: creation.state,
      stamps: { decidedAt: now, ...(dueAt ? { dueAt } : {}) },
      reason: creation.reason,
      entry: dueAt ? { ...decision, dueAt } : decision,
      decidedBy: creation.decidedBy,
    });
  }
  return steps;
};
