/**
 * The one way to change an enrollment. The plugin's routes, the members service, the LMS and the document
 * service middleware (Content Manager, MCP, scripts) all end here, and every change is planned by the pure
 * planner of common/domain/enrollment-plan.ts (status table, stamps, history, who decided, placement, the
 * seat rule); this service gathers the planner's facts under the group's lock and writes the plan. Each call
 * is one transaction.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { Refusal } from '../utils/messages';
import {
  bulkTransitionInputSchema,
  requestEnrollmentInputSchema,
  transitionInputSchema,
  type BulkTransitionInput,
  type EnrollmentDTO,
  type RequestEnrollmentInput,
  type TransitionInput,
} from '../../../common/contracts/enrollment';
import {
  planCreation,
  planReRequest,
  planTransition,
  reactivates,
  type PlacementInput,
  type PlanRejection,
  type SeatFacts,
  type WhenFull,
} from '../../../common/domain/enrollment-plan';
import {
  ACTIVE_STATES,
  SEAT_STATES,
  canTransition,
  isActive,
  type EnrollmentState,
  type HistoryEntry,
} from '../../../common/domain/enrollment-status';
import { requestOutcome, type GroupFacts } from '../../../common/domain/enrollment-rules';
import { completeWithinDaysOf } from '../../../common/domain/course-settings';
import type { Right, Scope } from '../../../common/domain/rights';
import { ENROLLMENT_UID, LEARNER_UID } from '../constants';
import { enrollmentRepository, type EnrollmentRow } from '../repositories/enrollments';
import { planActor, type Actor } from '../utils/actor';
import type { NotificationsService } from './notifications';
import type { PluginConfig } from '../config';
import { getService } from '../utils/get-service';
import type { Db } from '../utils/tables';
import { parseInput } from '../utils/validate';
import { holdsPluginAction } from '../utils/admin-actions';
import { noEnrollmentText } from './access';
import { changeBatches, moves, planBatch, refusal, type Outcome } from './enrollment-batch';

interface TransitionCall {
  documentIds: string[];
  to: EnrollmentState;
  actor: Actor;
  reason?: string | null;
  strict?: boolean;
  /** What an approval does when the group is full; absent: the site's rule (see WhenFull). */
  whenFull?: WhenFull;
  /** The GroupManager right an admin needs in each enrollment's group. */
  right?: Right;
}

/** A write through the document service, as the middleware hands it over. */
export interface DocumentWrite {
  action: string;
  documentId?: unknown;
  data?: Record<string, unknown>;
}

/** An update touching any of these is checked against the rules; others pass straight through. */
const RULE_FIELDS = ['state', 'group', 'learner', 'course'] as const;

/** Dates a write may set directly; each change is a history entry (see `dateEntry`). */
const DATE_FIELDS = ['dueAt', 'expiresAt'] as const;

/** Bookkeeping the plugin writes itself; input never sets it. */
const STAMPED_FIELDS = ['history', 'requestedAt', 'decidedAt', 'decidedBy', 'completedAt'] as const;

/** Refuses actors a write can never be attributed to. */
export const assertKnownActor = (actor: Actor) => {
  if (!actor || actor.kind === 'unknown' || actor.kind === 'anonymous') {
    throw new Refusal('Sign in to change enrollments.');
  }
};

const rejected = (plan: PlanRejection): never => {
  throw new errors.ValidationError(plan.message, { code: plan.code });
};

const reasonOf = (data: Record<string, unknown> | undefined) =>
  typeof data?.reason === 'string' && data.reason.trim() ? data.reason.trim() : null;

const patch = (target: unknown, fields: Record<string, unknown> | null) => {
  if (fields && target && typeof target === 'object') Object.assign(target, fields);
};

/**
 * The history entry of dates a document write changed (the due date, the end of the access window), or
 * null when it changed none: same state before and after, the new values, like the workspace's date routes.
 */
const dateEntry = (
  before: Pick<EnrollmentRow, 'dueAt' | 'expiresAt'>,
  after: EnrollmentRow,
  actor: Actor,
  reason: string | null
): HistoryEntry | null => {
  const changed = DATE_FIELDS.filter((field) => before[field] !== after[field]);
  if (changed.length === 0) return null;
  return {
    at: new Date().toISOString(),
    by: planActor(actor).label,
    from: after.state,
    to: after.state,
    reason: reason ?? `${changed.map((field) => `${field} ${after[field] ?? 'cleared'}`).join(', ')}.`,
    ...Object.fromEntries(changed.map((field) => [field, after[field]])),
  };
};

const enrollmentService = ({ strapi }: { strapi: Core.Strapi }) => {
  const repo = enrollmentRepository(strapi);
  const config = () => strapi.config.get('plugin::groups') as PluginConfig;
  /** Refuse past the seat limit, or waitlist: the live setting of Settings → Groups. */
  const strictSeats = () => getService(strapi, 'settings').current().strictSeatLimit;
  const access = () => getService(strapi, 'access');
  const decisionEmails = () => getService(strapi, 'decision-emails');
  // A learner's request alerts the group's managers in the request's own transaction.
  const requestAlerts = (...args: Parameters<NotificationsService['enqueueRequestAlerts']>) =>
    getService(strapi, 'notifications').enqueueRequestAlerts(...args);

  const scopeOf = async (actor: Actor): Promise<Scope | null> =>
    actor.kind === 'admin' ? getService(strapi, 'scope').getScope(actor.user) : null;

  // Step 1 of a batch: lock the enrollments' groups, then load the enrollments (locked) in one query.
  const lockAndLoad = async (trx: Db, documentIds: string[]) => {
    await repo.lockWriter(trx);
    await repo.lockGroups(trx, await repo.groupIdsOfDocuments(trx, documentIds));
    const rows = await repo.loadRows(trx, { documentIds }, true);
    // A group changed between the two reads: lock it too before counting its seats.
    await repo.lockGroups(
      trx,
      rows.map((r) => r.groupId).filter((id): id is number => id !== null)
    );
    return new Map(rows.map((row) => [row.documentId, row]));
  };

  // Step 2: the facts the planner reads, only for the rows the actor may change.
  const seatsUsed = async (trx: Db, rows: EnrollmentRow[], to: EnrollmentState) => {
    if (!SEAT_STATES.includes(to)) return new Map<number, number>();
    const limited = rows.filter((row) => row.groupId !== null && row.seatLimit !== null);
    return repo.countSeats(
      trx,
      limited.map((row) => row.groupId as number)
    );
  };

  const placementLookup = async (trx: Db, rows: EnrollmentRow[], to: EnrollmentState) => {
    const placed = rows.filter((row) => reactivates(row.state, to));
    return placed.length ? repo.placementFactsMany(trx, placed) : null;
  };

  /**
   * The seat rule of a call: the site's (waitlist, or refuse in strict mode) unless the caller chose. Past
   * the limit only with the right to: the plugin action a site owner gives to roles (Super Admins hold it),
   * or the plugin's own work.
   */
  const seatChoice = async (call: TransitionCall, scope: Scope | null) => {
    if (call.whenFull === 'ask') return { strict: true };
    if (call.whenFull !== 'overLimit') return { strict: call.strict ?? strictSeats() };
    const allowed =
      call.actor.kind === 'system' ||
      (call.actor.kind === 'admin' &&
        (Boolean(scope?.all) ||
          (await holdsPluginAction(strapi, call.actor.user.id, 'enrollments.over-limit'))));
    return allowed
      ? { strict: false, overLimit: true }
      : { strict: true, seatRefusalKey: 'server.enrollment.noOverLimitRight' as const };
  };

  /** Moves many enrollments in a bounded number of statements (see the repository's applyChanges). */
  const runTransitions = async (call: TransitionCall): Promise<Outcome[]> => {
    assertKnownActor(call.actor);
    const right = call.right ?? 'manageEnrollments';
    const scope = await scopeOf(call.actor);
    const seatRule = await seatChoice(call, scope);
    const refusedFor = (row: EnrollmentRow) => refusal(call.actor, scope, row, call.to, right);
    const documentIds = [...new Set(call.documentIds)];

    return strapi.db.transaction(async ({ trx }: { trx: Db }) => {
      const rows = await lockAndLoad(trx, documentIds);
      const allowed = [...rows.values()].filter((row) => refusedFor(row) === null);
      const now = new Date().toISOString();
      const planned = planBatch({
        documentIds,
        rows,
        to: call.to,
        actor: planActor(call.actor),
        now,
        reason: call.reason ?? null,
        ...seatRule,
        refusal: refusedFor,
        seatsUsed: await seatsUsed(trx, allowed, call.to),
        placement: await placementLookup(trx, allowed, call.to),
      });
      const moved = moves(planned);
      await repo.applyChanges(trx, changeBatches(moved), now);
      await decisionEmails().enqueue(trx, moved, now);
      return planned.map((p) => p.outcome);
    });
  };

  const throwFor = (outcome: Outcome): never => {
    const message = outcome.message ?? 'The enrollment cannot change.';
    switch (outcome.code) {
      case 'NOT_FOUND':
        throw new errors.NotFoundError(message);
      case 'FORBIDDEN':
        throw new Refusal(message);
      default:
        throw new errors.ValidationError(message, {
          code: outcome.code,
          ...(outcome.seats ? { seats: outcome.seats } : {}),
        });
    }
  };

  const loadDTO = async (where: { id: number } | { documentId: string }): Promise<EnrollmentDTO> => {
    const dto = await repo.findDTO(where);
    if (!dto) throw new errors.NotFoundError(noEnrollmentText('documentId' in where ? where.documentId : ''));
    return dto;
  };

  /** Where one enrollment would be, under its group's lock: the planner's placement input. */
  const placementOf = async (
    trx: Db,
    place: Pick<EnrollmentRow, 'groupId' | 'learnerId' | 'courseId'>,
    options: { isNewPlacement: boolean; exceptId?: number }
  ) => {
    const relations = {
      hasLearner: place.learnerId !== null,
      hasGroup: place.groupId !== null,
      hasCourse: place.courseId !== null,
    };
    if (place.groupId === null || place.learnerId === null || place.courseId === null) {
      return { input: { relations, facts: null } as PlacementInput, existing: [] as EnrollmentRow[] };
    }
    // Under the group's lock, so two writers cannot both find "no active enrollment" and both add one.
    await repo.lockGroups(trx, [place.groupId]);
    const group = await repo.groupFacts(place.groupId);
    if (!group)
      return { input: { relations, facts: null } as PlacementInput, existing: [] as EnrollmentRow[] };
    const facts = await repo.placementFacts(trx, group.id, place.learnerId, place.courseId);
    const input: PlacementInput = {
      relations,
      facts: {
        group: group as GroupFacts,
        isMember: facts.isMember,
        courseInGroup: facts.courseInGroup,
        otherActive: facts.existing.filter((e) => e.id !== options.exceptId && isActive(e.state)).length,
        isNewPlacement: options.isNewPlacement,
      },
    };
    return { input, existing: facts.existing, group };
  };

  /** The seats of one enrollment's group, not counting the enrollment itself, under the group's lock. */
  const seatsOf = async (trx: Db, row: EnrollmentRow, strict: boolean): Promise<SeatFacts | null> => {
    if (row.groupId === null || row.seatLimit === null) return null;
    await repo.lockGroups(trx, [row.groupId]);
    const used = (await repo.countSeats(trx, [row.groupId], [row.id])).get(row.groupId) ?? 0;
    return { limit: row.seatLimit, used, strict };
  };

  /** A new enrollment written through the document service (create or clone): planned as written. */
  const settleCreated = async (
    trx: Db,
    row: EnrollmentRow,
    actor: Actor,
    reason: string | null,
    imported: boolean
  ) => {
    const { input } = await placementOf(trx, row, { isNewPlacement: true, exceptId: row.id });
    const plan = planCreation({
      state: row.state,
      actor: planActor(actor),
      now: new Date().toISOString(),
      reason,
      placement: input,
      seats: SEAT_STATES.includes(row.state) ? await seatsOf(trx, row, strictSeats()) : null,
      imported,
      due: row,
    });
    if (!plan.ok) return rejected(plan);
    if (plan.kind === 'as-written') return null;
    await repo.writeRow(trx, row.id, {
      state: plan.state,
      history: plan.history,
      stamps: plan.stamps,
      decidedBy: plan.decidedBy,
    });
    return { state: plan.state, history: plan.history, ...plan.stamps };
  };

  /** An existing enrollment changed through the document service: the status table, placement and seats. */
  const settleUpdated = async (
    trx: Db,
    before: EnrollmentRow,
    after: EnrollmentRow,
    actor: Actor,
    reason: string | null
  ) => {
    const stateChanged = before.state !== after.state;
    const movesGroup = before.groupId !== after.groupId;
    const placeChanged =
      movesGroup || before.learnerId !== after.learnerId || before.courseId !== after.courseId;
    // A move to another group or a re-request is a new placement: archived groups take none.
    const placement =
      placeChanged || (stateChanged && reactivates(before.state, after.state))
        ? (
            await placementOf(trx, after, {
              isNewPlacement: movesGroup || !isActive(before.state),
              exceptId: after.id,
            })
          ).input
        : null;
    const seats =
      SEAT_STATES.includes(after.state) && (stateChanged || movesGroup)
        ? await seatsOf(trx, after, strictSeats())
        : null;
    const now = new Date().toISOString();
    const plan = planTransition({
      from: before.state,
      to: after.state,
      actor: planActor(actor),
      now,
      reason,
      placement,
      seats,
      movesGroup,
      due: after,
    });
    if (!plan.ok) return rejected(plan);
    switch (plan.kind) {
      case 'unchanged':
        return null;
      case 'waitlist-kept':
        // The write set it approved; no seat is free, so it goes back to the waitlist it was on.
        await repo.writeRow(trx, after.id, { state: plan.state });
        return { state: plan.state };
      default:
        // The write carried the reason itself.
        await repo.applyChanges(
          trx,
          changeBatches([{ id: after.id, from: before.state, step: plan.step }], false),
          now
        );
        await decisionEmails().enqueue(trx, [{ row: after, from: before.state, step: plan.step }], now);
        return { state: plan.step.state, ...plan.step.stamps };
    }
  };

  // Two doors to each change: `transition`, `bulkTransition` and `request` check their input with the
  // enrollment contracts (for in-process callers: other services, plugins, scripts, tests); the `apply…`
  // forms take input a controller has already parsed with its route's contract, so a body is parsed once.
  const service = {
    /** Changes one enrollment's state; 404, 403 or 400 when it cannot. Returns what happened. */
    async applyTransition(input: TransitionInput & { actor: Actor }): Promise<Outcome> {
      const { actor, documentId, ...rest } = input;
      const [outcome] = await runTransitions({ ...rest, documentIds: [documentId], actor });
      if (!outcome.ok) throwFor(outcome);
      return outcome;
    },

    /** Changes one enrollment's state and answers with the enrollment. */
    async transition(input: TransitionInput & { actor: Actor }): Promise<EnrollmentDTO> {
      const { actor, ...rest } = input;
      const parsed = parseInput(transitionInputSchema, rest);
      await service.applyTransition({ ...parsed, actor });
      return loadDTO({ documentId: parsed.documentId });
    },

    /** Changes many enrollments; each answers for itself (see TransitionCode). */
    async applyBulkTransition(input: BulkTransitionInput & { actor: Actor }): Promise<Outcome[]> {
      return runTransitions(input);
    },

    async bulkTransition(input: BulkTransitionInput & { actor: Actor }): Promise<Outcome[]> {
      const { actor, ...rest } = input;
      return runTransitions({ ...parseInput(bulkTransitionInputSchema, rest), actor });
    },

    async request(input: RequestEnrollmentInput & { actor: Actor }): Promise<EnrollmentDTO> {
      const { actor, ...rest } = input;
      return service.applyRequest({ ...parseInput(requestEnrollmentInputSchema, rest), actor });
    },

    /**
     * A learner asks for a place (or a manager registers them): a new enrollment, or the re-request of a
     * rejected or cancelled one, placed by the group's enrollment policy.
     */
    async applyRequest(input: RequestEnrollmentInput & { actor: Actor }): Promise<EnrollmentDTO> {
      const { actor } = input;
      assertKnownActor(actor);
      if (actor.kind === 'api-token') {
        throw new Refusal('An API token cannot request enrollments.');
      }
      if (actor.kind === 'learner' && actor.userId !== input.learnerId) {
        throw new Refusal('Learners can only request enrollments for themselves.');
      }
      const group = await access().findGroup(input.groupDocumentId);
      if (actor.kind === 'admin') await access().assertRightIn(actor.user, group, 'manageEnrollments');
      // A manager (or server code) registering a learner decides at once; a learner asks.
      const byManager = actor.kind === 'admin' || actor.kind === 'system';

      const id = await strapi.db.transaction(async ({ trx }: { trx: Db }) => {
        await repo.lockWriter(trx);
        await repo.lockGroups(trx, [group.id]);
        const fresh = await repo.groupFacts(group.id);
        if (!fresh) throw new errors.NotFoundError(`No group has the id ${input.groupDocumentId}.`);
        const course = await strapi.db
          .query(config().courseContentType as never)
          // The lowest row of the course document: its draft with Draft & Publish, the row that lives as
          // long as the course (repositories/courses.ts reads every enrollment through its document).
          .findOne({ where: { documentId: input.courseDocumentId }, select: ['id'], orderBy: { id: 'asc' } });
        if (!course) throw new errors.NotFoundError('No course has this id.');
        const learner = await strapi.db
          .query(LEARNER_UID)
          .findOne({ where: { id: input.learnerId }, select: ['id'] });
        if (!learner) throw new errors.NotFoundError('No learner has this id.');

        const outcome = requestOutcome(fresh.enrollmentPolicy, byManager);
        if (!outcome.ok) throw new Refusal(outcome.message);
        const place = { groupId: fresh.id, learnerId: input.learnerId, courseId: Number(course.id) };
        const { input: placement, existing } = await placementOf(trx, place, { isNewPlacement: true });
        const now = new Date().toISOString();
        const plan = planCreation({
          state: outcome.state,
          actor: planActor(actor),
          now,
          reason: input.reason,
          placement,
          // A request for a place is never refused for want of a seat: it waits on the waitlist.
          seats:
            SEAT_STATES.includes(outcome.state) && fresh.seatLimit !== null
              ? {
                  limit: fresh.seatLimit,
                  used: (await repo.countSeats(trx, [fresh.id])).get(fresh.id) ?? 0,
                  strict: false,
                }
              : null,
          due: {
            dueAt: null,
            completeWithinDays: completeWithinDaysOf(fresh.completeWithin, input.courseDocumentId),
          },
        });
        if (!plan.ok) {
          if (plan.code === 'NOT_A_MEMBER' && actor.kind === 'learner') {
            throw new Refusal(plan.message);
          }
          return rejected(plan);
        }
        if (plan.kind !== 'create') throw new errors.ApplicationError('A request is never imported.');

        const reusable = existing
          .filter((e) => canTransition(e.state, 'requested'))
          .sort((a, b) => b.id - a.id)[0];
        if (reusable) {
          const steps = planReRequest(reusable.state, plan, planActor(actor), now, reusable.dueAt);
          if (!Array.isArray(steps)) return rejected(steps);
          await repo.applyChanges(
            trx,
            steps.flatMap((step) => changeBatches([{ id: reusable.id, from: reusable.state, step }])),
            now
          );
          if (steps[steps.length - 1]?.state === 'requested') {
            await requestAlerts(trx, { enrollmentDocumentId: reusable.documentId, groupId: fresh.id, now });
          }
          return reusable.id;
        }
        const created = await strapi.db.query(ENROLLMENT_UID).create({
          data: {
            learner: input.learnerId,
            group: fresh.id,
            course: course.id,
            state: plan.state,
            attendance: 'unknown',
            progress: 0,
            timeSpent: 0,
            requestedAt: plan.stamps.requestedAt,
            decidedAt: plan.stamps.decidedAt,
            decidedBy: plan.decidedBy,
            dueAt: plan.stamps.dueAt ?? null,
            reason: plan.reason,
            history: plan.history,
          },
        });
        if (plan.state === 'requested') {
          await requestAlerts(trx, { enrollmentDocumentId: created.documentId, groupId: fresh.id, now });
        }
        return created.id as number;
      });
      return loadDTO({ id });
    },

    /**
     * A write through Strapi's document service (the Content Manager's create, update, clone and bulk
     * actions, MCP tools, other plugins, scripts). The write runs first, inside a transaction, so the rules
     * read the row as it was written whatever relation syntax the input used; the planner then decides, the
     * plan is written, and a refusal rolls the whole write back. Group scope is the write-scope service's.
     */
    async documentWrite(write: DocumentWrite, actor: Actor, next: () => Promise<unknown>) {
      assertKnownActor(actor);
      const data = write.data;
      // Server code with no request (seeds, imports, migrations) may create enrollments with their past
      // history; every request, and every update, gets its history and stamps from the plugin only.
      const imported = actor.kind === 'system' && write.action === 'create' && Array.isArray(data?.history);
      if (data && typeof data === 'object' && !imported) {
        for (const field of STAMPED_FIELDS) delete data[field];
      }
      const reason = reasonOf(data);
      // A due date belongs to an enrollment with a place, whichever way it is written (the workspace
      // route checks the same for its selection): the Content Manager and MCP may not set one elsewhere.
      if (actor.kind !== 'system' && data && data.dueAt != null) {
        const stored =
          write.action === 'update' && typeof write.documentId === 'string'
            ? (
                await repo.loadRows(strapi.db.connection as unknown as Db, {
                  documentIds: [write.documentId],
                })
              )[0]
            : undefined;
        const state = (data.state as EnrollmentState | undefined) ?? stored?.state;
        if (!state || !SEAT_STATES.includes(state)) {
          throw new errors.ValidationError(
            `dueAt: a due date can only be set on an approved enrollment; this one is ${state ?? 'new'}.`
          );
        }
      }
      // Progress, score, attendance... from the LMS or a form: no rule reads them, so no lock is taken.
      const touched = [...RULE_FIELDS, ...DATE_FIELDS];
      if (write.action === 'update' && !touched.some((field) => data && field in data)) return next();

      return strapi.db.transaction(async ({ trx }: { trx: Db }) => {
        await repo.lockWriter(trx);
        if (write.action === 'update') {
          const documentId = write.documentId;
          if (typeof documentId !== 'string' || !documentId) return next();
          const [before] = await repo.loadRows(trx, { documentIds: [documentId] }, true);
          if (before?.groupId) await repo.lockGroups(trx, [before.groupId]);
          const result = await next();
          if (!before || !result) return result;
          const [after] = await repo.loadRows(trx, { documentIds: [documentId] });
          patch(result, await settleUpdated(trx, before, after, actor, reason));
          const entry = dateEntry(before, after, actor, reason);
          if (entry) await repo.appendEntry(trx, after.id, entry);
          return result;
        }
        const result = (await next()) as {
          documentId?: string;
          entries?: Array<{ documentId: string }>;
        } | null;
        if (!result) return result;
        const created =
          write.action === 'clone' ? (result.entries ?? []) : [result as { documentId: string }];
        for (const entry of created) {
          const [row] = await repo.loadRows(trx, { documentIds: [entry.documentId] });
          if (!row) continue;
          patch(entry, await settleCreated(trx, row, actor, reason, imported));
          const dates = imported ? null : dateEntry({ dueAt: null, expiresAt: null }, row, actor, reason);
          if (dates) await repo.appendEntry(trx, row.id, dates);
        }
        return result;
      });
    },

    /** A member left the group: their open enrollments there become cancelled, with history. */
    async cancelOpenEnrollmentsOfMember(input: {
      groupId: number;
      learnerId: number;
      actor: Actor;
      reason?: string | null;
    }): Promise<number> {
      const { groupId, learnerId, ...rest } = input;
      return service.cancelOpenEnrollmentsOfMembers({ ...rest, members: [{ groupId, learnerId }] });
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
  return service;
};

export type EnrollmentService = ReturnType<typeof enrollmentService>;
export default enrollmentService;
