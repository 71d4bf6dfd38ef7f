/**
 * The one way to change an enrollment's state (SPEC §3). Controllers, the members service, the workspace
 * and the document service middleware all end here, so the status table, the seat limit, the stamps and
 * the history hold whoever acts. Each call is one transaction; seats are counted under a lock on the group.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  bulkTransitionInputSchema,
  requestEnrollmentInputSchema,
  transitionInputSchema,
  type BulkTransitionItemResult,
  type EnrollmentDTO,
  type TransitionCode,
} from '../../../common/contracts/enrollment';
import {
  ACTIVE_STATES,
  LEARNER_CANCELLABLE_STATES,
  canTransition,
  isActive,
  creationEntry,
  transition as applyStatusTable,
  type EnrollmentState,
  type HistoryEntry,
} from '../../../common/domain/enrollment-status';
import {
  checkPlacement,
  requestOutcome,
  type EnrollmentPolicy,
  type GroupVisibility,
} from '../../../common/domain/enrollment-rules';
import { hasRight, type Right, type Scope } from '../../../common/domain/rights';
import { allocateSeats } from '../../../common/domain/seats';
import { ENROLLMENT_UID, GROUP_UID, LEARNER_UID } from '../constants';
import type { PluginConfig } from '../config';
import { enrollmentRepository, type ChangeBatch, type EnrollmentRow } from '../repositories/enrollments';
import { historyActor, type Actor } from '../utils/actor';
import { getService } from '../utils/get-service';
import type { Db } from '../utils/tables';
import { parseInput } from '../utils/validate';

type Outcome = BulkTransitionItemResult;

interface TransitionCall {
  documentIds: string[];
  to: EnrollmentState;
  actor: Actor;
  reason?: string | null;
  strict?: boolean;
  /** The GroupManager right an admin needs in each enrollment's group. */
  right?: Right;
}

const fail = (
  documentId: string,
  code: TransitionCode,
  message: string,
  state?: EnrollmentState
): Outcome => ({
  documentId,
  ok: false,
  code,
  message,
  ...(state ? { state } : {}),
});

/** Refuses actors a write can never be attributed to. */
export const assertKnownActor = (actor: Actor) => {
  if (!actor || actor.kind === 'unknown' || actor.kind === 'anonymous') {
    throw new errors.ForbiddenError('Sign in to change enrollments.');
  }
};

const enrollmentService = ({ strapi }: { strapi: Core.Strapi }) => {
  const repo = enrollmentRepository(strapi);
  const config = () => strapi.config.get('plugin::groups') as PluginConfig;
  const courseUid = () => config().courseContentType;

  const scopeOf = async (actor: Actor): Promise<Scope | null> =>
    actor.kind === 'admin' ? getService(strapi, 'scope').getScope(actor.user) : null;

  /** Why this actor may not move this enrollment to `to`, or null when they may. */
  const refusal = (
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
        if (scope && row.groupId !== null && hasRight(scope, row.groupId, right)) return null;
        if (scope?.all) return null;
        return 'You do not manage enrollments in this enrollment’s group.';
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

  /**
   * Moves many enrollments in a bounded number of statements: one locking read of the groups, one read of
   * the rows, one seat count, then one UPDATE per (from, to) pair and 500 rows.
   */
  const runTransitions = async (call: TransitionCall): Promise<Outcome[]> => {
    assertKnownActor(call.actor);
    const right = call.right ?? 'manageEnrollments';
    const scope = await scopeOf(call.actor);
    const strict = call.strict ?? config().strictSeatLimit;
    const by = historyActor(call.actor);
    const reason = call.reason?.trim() ? call.reason.trim() : null;
    const documentIds = [...new Set(call.documentIds)];

    const outcomes = await strapi.db.transaction(async ({ trx }: { trx: Db }) => {
      await repo.lockWriter(trx);
      await repo.lockGroups(trx, await repo.groupIdsOfDocuments(trx, documentIds));
      const rows = await repo.loadRows(trx, { documentIds }, true);
      // A group changed between the two reads: lock it too before counting its seats.
      await repo.lockGroups(
        trx,
        rows.map((r) => r.groupId).filter((id): id is number => id !== null)
      );
      const byDocument = new Map(rows.map((row) => [row.documentId, row]));
      const now = new Date().toISOString();

      const result = new Map<string, Outcome>();
      const moving: Array<{ row: EnrollmentRow; to: EnrollmentState }> = [];
      for (const documentId of documentIds) {
        const row = byDocument.get(documentId);
        if (!row) {
          result.set(documentId, fail(documentId, 'NOT_FOUND', 'No enrollment has this id.'));
          continue;
        }
        const refused = refusal(call.actor, scope, row, call.to, right);
        if (refused) {
          result.set(documentId, fail(documentId, 'FORBIDDEN', refused));
          continue;
        }
        if (row.state === call.to) {
          result.set(documentId, { documentId, ok: true, state: row.state, code: 'UNCHANGED' });
          continue;
        }
        if (!canTransition(row.state, call.to)) {
          const verdict = applyStatusTable({ from: row.state, to: call.to, now, by });
          const message = verdict.ok ? 'Invalid transition.' : verdict.message;
          result.set(documentId, fail(documentId, 'INVALID_TRANSITION', message, row.state));
          continue;
        }
        moving.push({ row, to: call.to });
      }

      // Asking again (rejected/cancelled -> requested) is a new placement: the rules of request() hold.
      const reactivated = moving.filter((m) => !isActive(m.row.state) && isActive(m.to));
      if (reactivated.length) {
        const facts = await repo.placementFactsMany(
          trx,
          reactivated.map((m) => m.row)
        );
        const taken = new Set(facts.active.map((e) => `${e.learnerId}:${e.courseId}:${e.groupId}`));
        for (const m of reactivated) {
          const group = facts.group(m.row.groupId);
          const key = `${m.row.learnerId}:${m.row.courseId}:${m.row.groupId}`;
          const verdict = group
            ? checkPlacement({
                state: m.to,
                group,
                isMember: facts.isMember(m.row.groupId, m.row.learnerId),
                courseInGroup: facts.courseInGroup(m.row.groupId, m.row.courseId),
                otherActive: taken.has(key) ? 1 : 0,
                isNewPlacement: true,
              })
            : ({ ok: false, code: 'MISSING_GROUP', message: 'An enrollment needs a group.' } as const);
          if (!verdict.ok) {
            m.to = m.row.state;
            result.set(m.row.documentId, fail(m.row.documentId, verdict.code, verdict.message, m.row.state));
          } else {
            // Two rows of one batch for the same learner, course and group: only the first may come back.
            taken.add(key);
          }
        }
      }

      // Seats: approvals are served in the order they were asked for; the rest wait or are refused.
      if (call.to === 'approved') {
        const approvals = moving.filter((m) => m.to === 'approved');
        const limited = approvals.filter((m) => m.row.groupId !== null && m.row.seatLimit !== null);
        const used = await repo.countApproved(
          trx,
          limited.map((m) => m.row.groupId as number)
        );
        const perGroup = new Map<number, typeof limited>();
        for (const m of limited) {
          const list = perGroup.get(m.row.groupId as number) ?? [];
          list.push(m);
          perGroup.set(m.row.groupId as number, list);
        }
        for (const [groupId, candidates] of perGroup) {
          const { overflow } = allocateSeats(candidates, candidates[0].row.seatLimit, used.get(groupId) ?? 0);
          for (const m of overflow) {
            if (strict) {
              m.to = m.row.state; // stays as it is
              result.set(
                m.row.documentId,
                fail(m.row.documentId, 'SEAT_LIMIT', 'The group has no seat left.', m.row.state)
              );
            } else {
              m.to = 'waitlisted';
            }
          }
        }
      }

      const batches = new Map<string, ChangeBatch>();
      for (const m of moving) {
        if (m.to === m.row.state) {
          // Refused above (rule or strict seat limit), or already waitlisted and still no seat.
          if (!result.has(m.row.documentId)) {
            result.set(m.row.documentId, {
              documentId: m.row.documentId,
              ok: true,
              state: m.row.state,
              code: 'WAITLISTED',
              message: 'The group has no seat left; the enrollment stays on the waitlist.',
            });
          }
          continue;
        }
        const verdict = applyStatusTable({ from: m.row.state, to: m.to, now, by, reason });
        if (!verdict.ok) {
          result.set(
            m.row.documentId,
            fail(m.row.documentId, 'INVALID_TRANSITION', verdict.message, m.row.state)
          );
          continue;
        }
        const key = `${m.row.state}>${m.to}`;
        let batch = batches.get(key);
        if (!batch) {
          const { state, decidedAt, requestedAt, completedAt, reason: kept } = verdict.changes;
          batch = {
            ids: [],
            set: { state, decidedAt, requestedAt, completedAt, reason: kept },
            entry: verdict.entry,
            decidedBy: verdict.changes.decidedAt
              ? call.actor.kind === 'admin'
                ? call.actor.user.id
                : null
              : undefined,
            startIfMissing: m.to === 'completed' ? now : undefined,
          };
          batches.set(key, batch);
        }
        batch.ids.push(m.row.id);
        result.set(
          m.row.documentId,
          m.to === call.to
            ? { documentId: m.row.documentId, ok: true, state: m.to }
            : {
                documentId: m.row.documentId,
                ok: true,
                state: m.to,
                code: 'WAITLISTED',
                message: 'The group has no seat left; the enrollment is on the waitlist.',
              }
        );
      }
      await repo.applyChanges(trx, [...batches.values()], now);
      return documentIds.map((id) => result.get(id) as Outcome);
    });
    return outcomes;
  };

  const throwFor = (outcome: Outcome): never => {
    const message = outcome.message ?? 'The enrollment cannot change.';
    switch (outcome.code) {
      case 'NOT_FOUND':
        throw new errors.NotFoundError(message);
      case 'FORBIDDEN':
        throw new errors.ForbiddenError(message);
      default:
        throw new errors.ValidationError(message, { code: outcome.code });
    }
  };

  const loadDTO = async (where: { id: number } | { documentId: string }): Promise<EnrollmentDTO> => {
    const dto = await repo.findDTO(where);
    if (!dto) throw new errors.NotFoundError('No enrollment has this id.');
    return dto;
  };

  return {
    async transition(input: {
      documentId: string;
      to: EnrollmentState;
      actor: Actor;
      reason?: string | null;
      strict?: boolean;
    }): Promise<EnrollmentDTO> {
      const { actor, ...rest } = input;
      const parsed = parseInput(transitionInputSchema, rest);
      const [outcome] = await runTransitions({ ...parsed, documentIds: [parsed.documentId], actor });
      if (!outcome.ok) throwFor(outcome);
      return loadDTO({ documentId: parsed.documentId });
    },

    async bulkTransition(input: {
      documentIds: string[];
      to: EnrollmentState;
      actor: Actor;
      reason?: string | null;
      strict?: boolean;
    }): Promise<
      Array<{ documentId: string; ok: boolean; state?: EnrollmentState; code?: string; message?: string }>
    > {
      const { actor, ...rest } = input;
      const parsed = parseInput(bulkTransitionInputSchema, rest);
      return runTransitions({ ...parsed, actor });
    },

    /**
     * A learner asks for a place (or a manager registers them): a new enrollment, or the re-request of a
     * rejected or cancelled one, placed by the group's enrollment policy.
     */
    async request(input: {
      learnerId: number;
      groupDocumentId: string;
      courseDocumentId: string;
      actor: Actor;
      reason?: string | null;
    }): Promise<EnrollmentDTO> {
      const { actor, ...rest } = input;
      assertKnownActor(actor);
      const parsed = parseInput(requestEnrollmentInputSchema, rest);
      if (actor.kind === 'api-token') {
        throw new errors.ForbiddenError('An API token cannot request enrollments.');
      }
      if (actor.kind === 'learner' && actor.userId !== parsed.learnerId) {
        throw new errors.ForbiddenError('Learners can only request enrollments for themselves.');
      }
      const group = await strapi.db.query(GROUP_UID).findOne({
        where: { documentId: parsed.groupDocumentId },
        select: ['id', 'archivedAt', 'visibility', 'enrollmentPolicy', 'seatLimit'],
      });
      if (!group) throw new errors.NotFoundError('No group has this id.');
      const scope = await scopeOf(actor);
      const byManager =
        actor.kind === 'system' || (scope !== null && hasRight(scope, group.id, 'manageEnrollments'));
      if (actor.kind === 'admin' && !byManager) {
        throw new errors.ForbiddenError('You do not manage enrollments in this group.');
      }
      const reason = parsed.reason?.trim() ? parsed.reason.trim() : null;
      const by = historyActor(actor);

      const id = await strapi.db.transaction(async ({ trx }: { trx: Db }) => {
        await repo.lockWriter(trx);
        await repo.lockGroups(trx, [group.id]);
        const fresh = await strapi.db.query(GROUP_UID).findOne({
          where: { id: group.id },
          select: ['id', 'archivedAt', 'visibility', 'enrollmentPolicy', 'seatLimit'],
        });
        const course = await strapi.db
          .query(courseUid() as never)
          .findOne({ where: { documentId: parsed.courseDocumentId }, select: ['id'] });
        if (!course) throw new errors.NotFoundError('No course has this id.');
        const learner = await strapi.db
          .query(LEARNER_UID)
          .findOne({ where: { id: parsed.learnerId }, select: ['id'] });
        if (!learner) throw new errors.NotFoundError('No learner has this id.');

        const facts = await repo.placementFacts(trx, fresh.id, parsed.learnerId, course.id as number);
        const outcome = requestOutcome(fresh.enrollmentPolicy as EnrollmentPolicy, byManager);
        if (!outcome.ok) throw new errors.ForbiddenError(outcome.message);
        const verdict = checkPlacement({
          state: 'requested',
          group: {
            archivedAt: fresh.archivedAt,
            visibility: fresh.visibility as GroupVisibility,
            enrollmentPolicy: fresh.enrollmentPolicy as EnrollmentPolicy,
          },
          isMember: facts.isMember,
          courseInGroup: facts.courseInGroup,
          otherActive: facts.existing.filter((e) => ACTIVE_STATES.includes(e.state)).length,
          isNewPlacement: true,
        });
        if (!verdict.ok) {
          if (verdict.code === 'NOT_A_MEMBER' && actor.kind === 'learner') {
            throw new errors.ForbiddenError(verdict.message);
          }
          throw new errors.ValidationError(verdict.message, { code: verdict.code });
        }

        let finalState: EnrollmentState = outcome.state;
        if (finalState === 'approved' && fresh.seatLimit !== null && fresh.seatLimit !== undefined) {
          const used = (await repo.countApproved(trx, [fresh.id])).get(fresh.id) ?? 0;
          if (used >= fresh.seatLimit) finalState = 'waitlisted';
        }
        const now = new Date().toISOString();
        const decidedBy =
          finalState === 'requested' ? undefined : actor.kind === 'admin' ? actor.user.id : null;
        const decision: HistoryEntry | null =
          finalState === 'requested'
            ? null
            : { at: now, by, from: 'requested', to: finalState, reason: null };

        const reusable = facts.existing
          .filter((e) => e.state === 'rejected' || e.state === 'cancelled')
          .sort((a, b) => b.id - a.id)[0];
        if (reusable) {
          const again = applyStatusTable({ from: reusable.state, to: 'requested', now, by, reason });
          if (!again.ok) throw new errors.ValidationError(again.message);
          const batches: ChangeBatch[] = [
            { ids: [reusable.id], set: again.changes, entry: again.entry, decidedBy: null },
          ];
          if (decision) {
            batches.push({
              ids: [reusable.id],
              set: { state: finalState, decidedAt: now },
              entry: decision,
              decidedBy,
            });
          }
          await repo.applyChanges(trx, batches, now);
          return reusable.id;
        }
        const history = [creationEntry('requested', now, by, reason), ...(decision ? [decision] : [])];
        const created = await strapi.db.query(ENROLLMENT_UID).create({
          data: {
            learner: parsed.learnerId,
            group: fresh.id,
            course: course.id,
            state: finalState,
            attendance: 'unknown',
            progress: 0,
            timeSpent: 0,
            requestedAt: now,
            decidedAt: decision ? now : null,
            decidedBy: decidedBy ?? null,
            reason,
            history,
          },
        });
        return created.id as number;
      });
      return loadDTO({ id });
    },

    /** A member left the group: their open enrollments there become cancelled, with history. */
    async cancelOpenEnrollmentsOfMember(input: {
      groupId: number;
      learnerId: number;
      actor: Actor;
      reason?: string | null;
    }): Promise<number> {
      const { groupId, learnerId, ...rest } = input;
      return this.cancelOpenEnrollmentsOfMembers({ ...rest, members: [{ groupId, learnerId }] });
    },

    /**
     * Many members left their groups (a Content Manager edit of a group's members or of a learner's
     * groups): their open enrollments there are cancelled in one bounded batch. Returns how many.
     */
    async cancelOpenEnrollmentsOfMembers(input: {
      members: Array<{ groupId: number; learnerId: number }>;
      actor: Actor;
      reason?: string | null;
    }): Promise<number> {
      assertKnownActor(input.actor);
      if (input.members.length === 0) return 0;
      const wanted = new Set(input.members.map((m) => `${m.groupId}:${m.learnerId}`));
      return strapi.db.transaction(async ({ trx }: { trx: Db }) => {
        await repo.lockWriter(trx);
        const groupIds = [...new Set(input.members.map((m) => m.groupId))];
        await repo.lockGroups(trx, groupIds);
        const rows = (
          await repo.loadRows(trx, {
            groupIds,
            learnerIds: [...new Set(input.members.map((m) => m.learnerId))],
            states: [...ACTIVE_STATES],
          })
        ).filter((row) => wanted.has(`${row.groupId}:${row.learnerId}`));
        if (rows.length === 0) return 0;
        const outcomes = await runTransitions({
          documentIds: rows.map((r) => r.documentId),
          to: 'cancelled',
          actor: input.actor,
          reason: input.reason ?? 'Removed from the group.',
          // Removing a member is the manageMembers right; cancelling their places comes with it.
          right: 'manageMembers',
        });
        const refused = outcomes.find((o) => !o.ok);
        if (refused) throwFor(refused);
        return outcomes.filter((o) => o.ok && o.code !== 'UNCHANGED').length;
      });
    },
  };
};

export type EnrollmentService = ReturnType<typeof enrollmentService>;
export default enrollmentService;
