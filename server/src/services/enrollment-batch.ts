/**
 * The pure steps of a batch of enrollment changes, between the enrollment service's reads and its writes:
 * who may change which row, the plan of each row in the order asked (seats served first come, first served),
 * what each row answers, and the UPDATE batches. No Strapi here: tests/service drives them directly.
 */
import type { BulkTransitionItemResult } from '../../../common/contracts/enrollment';
import {
  planTransition,
  reactivates,
  type EnrollmentStep,
  type PlacementInput,
  type PlanActor,
  type SeatFacts,
  type TransitionPlan,
} from '../../../common/domain/enrollment-plan';
import { messageText } from '../../../common/domain/messages';
import { LEARNER_CANCELLABLE_STATES, type EnrollmentState } from '../../../common/domain/enrollment-status';
import { hasRight, type Right, type Scope } from '../../../common/domain/rights';
import type { ChangeBatch, EnrollmentRepository, EnrollmentRow } from '../repositories/enrollments';
import type { Actor } from '../utils/actor';
import { missingRightText, noEnrollmentText, visibleName } from './access';

export type Outcome = BulkTransitionItemResult;

const fail = (
  documentId: string,
  code: Outcome['code'],
  message: string,
  state?: EnrollmentState
): Outcome => ({
  documentId,
  ok: false,
  code,
  message,
  ...(state ? { state } : {}),
});

/** Why this actor may not move this enrollment to `to`, or null when they may. */
export const refusal = (
  actor: Actor,
  scope: Scope | null,
  row: EnrollmentRow,
  to: EnrollmentState,
  right: Right
): string | null => {
  switch (actor.kind) {
    case 'system':
      return null;
    case 'admin':
      if (scope && (scope.all || (row.groupId !== null && hasRight(scope, row.groupId, right)))) return null;
      return missingRightText(
        right,
        scope ? visibleName(scope, { id: row.groupId, name: row.groupName }) : null
      );
    case 'learner':
      // Learners withdraw their own requests, checked here under the lock: a place approved meanwhile is
      // the manager's to cancel. Asking again goes through request(), which re-checks the group.
      if (row.learnerId !== actor.userId || to !== 'cancelled') {
        return 'Learners can only cancel their own enrollments.';
      }
      if (!LEARNER_CANCELLABLE_STATES.includes(row.state)) {
        return `An enrollment that is ${row.state} is your group manager's to cancel.`;
      }
      return null;
    case 'api-token':
      // The LMS reports completion; decisions belong to managers.
      if (to === 'completed') return null;
      return 'An API token can only mark enrollments completed.';
    default:
      return 'Sign in to change enrollments.';
  }
};

/** What a bulk change reports for one enrollment, from its plan. */
export const outcomeOf = (documentId: string, plan: TransitionPlan): Outcome => {
  if (!plan.ok) return fail(documentId, plan.code, plan.message, plan.state);
  switch (plan.kind) {
    case 'unchanged':
      return { documentId, ok: true, state: plan.state, code: 'UNCHANGED' };
    case 'waitlist-kept':
      return {
        documentId,
        ok: true,
        state: plan.state,
        code: 'WAITLISTED',
        message: messageText({ key: 'server.enrollment.staysWaitlisted' }),
      };
    default:
      return plan.waitlisted
        ? {
            documentId,
            ok: true,
            state: plan.state,
            code: 'WAITLISTED',
            message: messageText({ key: 'server.enrollment.waitlisted' }),
          }
        : { documentId, ok: true, state: plan.state };
  }
};

/** What the placement rules need about many enrollments at once (see the repository's placementFactsMany). */
export type PlacementLookup = Awaited<ReturnType<EnrollmentRepository['placementFactsMany']>>;

export interface BatchInput {
  documentIds: readonly string[];
  rows: ReadonlyMap<string, EnrollmentRow>;
  to: EnrollmentState;
  actor: PlanActor;
  now: string;
  reason: string | null;
  strict: boolean;
  /** Approve past the seat limit: the actor asked to and holds the right to. */
  overLimit?: boolean;
  /** What a refusal for want of a seat says, with the seats used (see `seatRefusal`). */
  seatRefusalKey?: SeatRefusalKey;
  /** Why the acting user may not change a row, or null. */
  refusal: (row: EnrollmentRow) => string | null;
  /** Seats held per group before the batch (only read when `to` takes a seat). */
  seatsUsed: ReadonlyMap<number, number>;
  /** Placement facts of the rows that would hold a place again (null when none does). */
  placement: PlacementLookup | null;
}

export interface PlannedRow {
  documentId: string;
  row: EnrollmentRow | null;
  plan: TransitionPlan | null;
  outcome: Outcome;
}

const placeKey = (row: Pick<EnrollmentRow, 'learnerId' | 'courseId' | 'groupId'>) =>
  `${row.learnerId}:${row.courseId}:${row.groupId}`;

/**
 * Plans every enrollment of a batch, in the order asked: approvals take the free seats first come, first
 * served (the seat count goes up with each one), and two rows of the batch for the same learner, course
 * and group cannot both hold a place again.
 */
export const planBatch = (input: BatchInput): PlannedRow[] => {
  const used = new Map(input.seatsUsed);
  const taken = new Set((input.placement?.active ?? []).map(placeKey));
  const placementOf = (row: EnrollmentRow): PlacementInput => {
    const group = input.placement?.group(row.groupId);
    return {
      relations: {
        hasLearner: row.learnerId !== null,
        hasGroup: row.groupId !== null,
        hasCourse: row.courseId !== null,
      },
      facts: group
        ? {
            group,
            isMember: input.placement?.isMember(row.groupId, row.learnerId) ?? false,
            courseInGroup: input.placement?.courseInGroup(row.groupId, row.courseId) ?? false,
            otherActive: taken.has(placeKey(row)) ? 1 : 0,
            isNewPlacement: true,
          }
        : null,
    };
  };
  return input.documentIds.map((documentId): PlannedRow => {
    const row = input.rows.get(documentId) ?? null;
    if (!row)
      return {
        documentId,
        row,
        plan: null,
        outcome: fail(documentId, 'NOT_FOUND', noEnrollmentText(documentId)),
      };
    const refused = input.refusal(row);
    if (refused) return { documentId, row, plan: null, outcome: fail(documentId, 'FORBIDDEN', refused) };
    const seats: SeatFacts | null =
      row.groupId === null
        ? null
        : {
            limit: row.seatLimit,
            used: used.get(row.groupId) ?? 0,
            strict: input.strict,
            overLimit: input.overLimit ?? false,
          };
    const plan = planTransition({
      from: row.state,
      to: input.to,
      actor: input.actor,
      now: input.now,
      reason: input.reason,
      seats,
      placement: reactivates(row.state, input.to) ? placementOf(row) : null,
      due: row,
    });
    if (plan.ok && plan.kind === 'move') {
      if (row.groupId !== null && plan.seat !== 'none') {
        used.set(row.groupId, (used.get(row.groupId) ?? 0) + (plan.seat === 'takes' ? 1 : -1));
      }
      if (reactivates(row.state, plan.state)) taken.add(placeKey(row));
    }
    const outcome =
      !plan.ok && plan.code === 'SEAT_LIMIT' && seats?.limit != null
        ? seatRefusal(documentId, plan.state, { used: seats.used, limit: seats.limit }, input.seatRefusalKey)
        : outcomeOf(documentId, plan);
    return { documentId, row, plan, outcome };
  });
};

/** The sentences of a refusal for want of a seat: no seat left, or no right to approve past the limit. */
export type SeatRefusalKey = 'server.enrollment.noSeatUsed' | 'server.enrollment.noOverLimitRight';

/**
 * A refusal for want of a seat names the seats used, so the manager can choose what to do: put the learner
 * on the waitlist, approve past the limit (with the right to) or raise the limit.
 */
export const seatRefusal = (
  documentId: string,
  state: EnrollmentState,
  seats: { used: number; limit: number },
  key: SeatRefusalKey = 'server.enrollment.noSeatUsed'
): Outcome => ({
  ...fail(documentId, 'SEAT_LIMIT', messageText({ key, values: seats }), state),
  seats,
});

/**
 * The writes of planned changes: one batch per (from, to, stamped due date) triple, since every row of it
 * makes the same change at the same moment (a due date differs only by the group course's N). `withReason: false` when the write itself already carried the reason.
 */
export const changeBatches = (
  changes: ReadonlyArray<{ id: number; from: EnrollmentState; step: EnrollmentStep }>,
  withReason = true
): ChangeBatch[] => {
  const batches = new Map<string, ChangeBatch>();
  for (const { id, from, step } of changes) {
    const key = `${from}>${step.state}>${step.stamps.dueAt ?? ''}`;
    let batch = batches.get(key);
    if (!batch) {
      batch = {
        ids: [],
        set: { state: step.state, ...step.stamps, ...(withReason ? { reason: step.reason } : {}) },
        entry: step.entry,
        decidedBy: step.decidedBy,
        startIfMissing: step.startIfMissing,
      };
      batches.set(key, batch);
    }
    batch.ids.push(id);
  }
  return [...batches.values()];
};

/** The rows a batch changes, with their plans: what is written, then what the learners are told. */
export const moves = (planned: readonly PlannedRow[]) =>
  planned.flatMap((p) =>
    p.row && p.plan?.ok && p.plan.kind === 'move'
      ? [{ id: p.row.id, from: p.row.state, step: p.plan.step, row: p.row }]
      : []
  );
