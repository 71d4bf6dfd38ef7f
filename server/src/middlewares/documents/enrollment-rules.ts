/**
 * The enrollment rules of SPEC §3 on every write that goes through Strapi's document service: the Content
 * Manager (create, update, clone, bulk actions), MCP tools, other plugins and scripts. The write runs inside
 * a transaction; the rules are checked on the row as it was written (whatever relation syntax the input
 * used), and a refusal rolls the write back. Group scope is checked by the scope middleware, not here.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  canTransition,
  creationEntry,
  isActive,
  transition,
  type EnrollmentState,
  type HistoryEntry,
} from '../../../../common/domain/enrollment-status';
import {
  checkInitialState,
  checkPlacement,
  checkRelationsPresent,
  type RuleVerdict,
} from '../../../../common/domain/enrollment-rules';
import { LEARNER_GROUPS_ATTRIBUTE } from '../../../../common/domain/scope-filters';
import { ENROLLMENT_UID, GROUP_UID, LEARNER_UID } from '../../constants';
import type { PluginConfig } from '../../config';
import { enrollmentRepository, type EnrollmentRow } from '../../repositories/enrollments';
import { actorFromRequest, historyActor, type Actor } from '../../utils/actor';
import { assertKnownActor } from '../../services/enrollment';
import { getService } from '../../utils/get-service';
import type { Db } from '../../utils/tables';

interface DocumentContext {
  uid: string;
  action: string;
  params: { documentId?: string; data?: Record<string, unknown> } & Record<string, unknown>;
}

type Next = () => Promise<unknown>;

/** An update touching any of these is checked against the rules; others pass straight through. */
const RULE_FIELDS = ['state', 'group', 'learner', 'course'] as const;

/** Bookkeeping the plugin writes itself; input never sets it. */
const STAMPED_FIELDS = ['history', 'requestedAt', 'decidedAt', 'decidedBy', 'completedAt'] as const;

const refuseUnless = (verdict: RuleVerdict) => {
  if (!verdict.ok) throw new errors.ValidationError(verdict.message, { code: verdict.code });
};

export const enrollmentRules = (strapi: Core.Strapi) => {
  const repo = enrollmentRepository(strapi);
  const strictSeats = () => (strapi.config.get('plugin::groups') as PluginConfig).strictSeatLimit;

  /** Approving into a full group waitlists (or refuses in strict mode), as the service does. */
  const seatAllows = async (db: Db, row: EnrollmentRow): Promise<boolean> => {
    if (row.groupId === null || row.seatLimit === null) return true;
    await repo.lockGroups(db, [row.groupId]);
    const used = (await repo.countApproved(db, [row.groupId], [row.id])).get(row.groupId) ?? 0;
    if (used < row.seatLimit) return true;
    if (strictSeats())
      throw new errors.ValidationError('The group has no seat left.', { code: 'SEAT_LIMIT' });
    return false;
  };

  const placementOf = async (db: Db, row: EnrollmentRow, isNewPlacement: boolean) => {
    refuseUnless(
      checkRelationsPresent({
        hasLearner: row.learnerId !== null,
        hasGroup: row.groupId !== null,
        hasCourse: row.courseId !== null,
      })
    );
    // Under the group's lock, so two writers cannot both find "no active enrollment" and both add one.
    await repo.lockGroups(db, [row.groupId as number]);
    const group = await repo.groupFacts(row.groupId as number);
    if (!group) throw new errors.ValidationError('An enrollment needs a group.');
    const facts = await repo.placementFacts(db, group.id, row.learnerId as number, row.courseId as number);
    refuseUnless(
      checkPlacement({
        state: row.state,
        group,
        isMember: facts.isMember,
        courseInGroup: facts.courseInGroup,
        otherActive: facts.existing.filter((e) => e.id !== row.id && isActive(e.state)).length,
        isNewPlacement,
      })
    );
  };

  /** A new enrollment (create or clone): placement, initial state, seats, fresh stamps and history. */
  const settleNew = async (
    db: Db,
    row: EnrollmentRow,
    actor: Actor,
    reason: string | null,
    imported: boolean
  ) => {
    if (imported) {
      // Trusted server code bringing past records along: where they are must still hold, what happened is theirs.
      await placementOf(db, row, true);
      return null;
    }
    refuseUnless(checkInitialState(row.state));
    await placementOf(db, row, true);
    const now = new Date().toISOString();
    const by = historyActor(actor);
    let state = row.state;
    if (state === 'approved' && !(await seatAllows(db, row))) state = 'waitlisted';
    const history: HistoryEntry[] = [creationEntry('requested', now, by, reason)];
    if (state !== 'requested') history.push({ at: now, by, from: 'requested', to: state, reason: null });
    const decided = state !== 'requested';
    await repo.writeRow(db, row.id, {
      state,
      history,
      stamps: { requestedAt: now, decidedAt: decided ? now : null, completedAt: null },
      decidedBy: decided && actor.kind === 'admin' ? actor.user.id : null,
    });
    return { state, history, requestedAt: now, decidedAt: decided ? now : null, completedAt: null };
  };

  /** An existing enrollment changed: the status table, seats and placement of whatever moved. */
  const settleUpdate = async (
    db: Db,
    before: EnrollmentRow,
    after: EnrollmentRow,
    actor: Actor,
    reason: string | null
  ) => {
    const stateChanged = before.state !== after.state;
    const placeChanged =
      before.groupId !== after.groupId ||
      before.learnerId !== after.learnerId ||
      before.courseId !== after.courseId;
    if (stateChanged && !canTransition(before.state, after.state)) {
      const verdict = transition({ from: before.state, to: after.state, now: '', by: null });
      throw new errors.ValidationError(verdict.ok ? 'Invalid transition.' : verdict.message, {
        code: 'INVALID_TRANSITION',
      });
    }
    if (placeChanged || (stateChanged && isActive(after.state) && !isActive(before.state))) {
      // A move to another group or a re-request is a new placement: archived groups take none.
      await placementOf(db, after, before.groupId !== after.groupId || !isActive(before.state));
    }
    let to: EnrollmentState = after.state;
    if (
      to === 'approved' &&
      (stateChanged || before.groupId !== after.groupId) &&
      !(await seatAllows(db, after))
    ) {
      // approved -> waitlisted is not in the table: a seated enrollment cannot move into a full group.
      if (!stateChanged)
        throw new errors.ValidationError('The new group has no seat left.', { code: 'SEAT_LIMIT' });
      to = 'waitlisted';
    }
    if (!stateChanged) return null;
    if (to === before.state) {
      // Approving a waitlisted enrollment with no seat free: it stays on the waitlist.
      await repo.writeRow(db, after.id, { state: to });
      return { state: to };
    }
    const now = new Date().toISOString();
    const verdict = transition({ from: before.state, to, now, by: historyActor(actor), reason });
    if (!verdict.ok) throw new errors.ValidationError(verdict.message, { code: 'INVALID_TRANSITION' });
    const { reason: _kept, ...stamps } = verdict.changes;
    await repo.applyChanges(
      db,
      [
        {
          ids: [after.id],
          set: stamps,
          entry: verdict.entry,
          decidedBy: verdict.changes.decidedAt ? (actor.kind === 'admin' ? actor.user.id : null) : undefined,
          startIfMissing: to === 'completed' ? now : undefined,
        },
      ],
      now
    );
    return stamps;
  };

  const reasonOf = (data: Record<string, unknown> | undefined) =>
    typeof data?.reason === 'string' && data.reason.trim() ? data.reason.trim() : null;

  const patch = (target: unknown, fields: Record<string, unknown> | null) => {
    if (fields && target && typeof target === 'object') Object.assign(target, fields);
  };

  return async (ctx: DocumentContext, next: Next) => {
    if (ctx.uid !== ENROLLMENT_UID || !['create', 'update', 'clone'].includes(ctx.action)) return next();
    const actor = actorFromRequest(strapi.requestContext.get() as never);
    assertKnownActor(actor);
    const data = ctx.params.data;
    // Server code with no request (seeds, imports, migrations) may create enrollments with their past
    // history; every request, and every update, gets its history and stamps from the plugin only.
    const imported = actor.kind === 'system' && ctx.action === 'create' && Array.isArray(data?.history);
    if (data && typeof data === 'object' && !imported) {
      for (const field of STAMPED_FIELDS) delete data[field];
    }
    const reason = reasonOf(data);
    // Progress, score, attendance... from the LMS or a form: no rule reads them, so no lock is taken.
    if (ctx.action === 'update' && !RULE_FIELDS.some((field) => data && field in data)) return next();

    return strapi.db.transaction(async ({ trx }: { trx: Db }) => {
      await repo.lockWriter(trx);
      if (ctx.action === 'update') {
        const documentId = ctx.params.documentId;
        if (typeof documentId !== 'string' || !documentId) return next();
        const [before] = await repo.loadRows(trx, { documentIds: [documentId] }, true);
        if (before?.groupId) await repo.lockGroups(trx, [before.groupId]);
        const result = await next();
        if (!before || !result) return result;
        const [after] = await repo.loadRows(trx, { documentIds: [documentId] });
        patch(result, await settleUpdate(trx, before, after, actor, reason));
        return result;
      }
      const result = (await next()) as {
        documentId?: string;
        entries?: Array<{ documentId: string }>;
      } | null;
      if (!result) return result;
      const created = ctx.action === 'clone' ? (result.entries ?? []) : [result as { documentId: string }];
      for (const entry of created) {
        const [row] = await repo.loadRows(trx, { documentIds: [entry.documentId] });
        if (row) patch(entry, await settleNew(trx, row, actor, reason, imported));
      }
      return result;
    });
  };
};

/**
 * A learner taken out of a group, whichever side of the relation the edit came from (a group's members or
 * a learner's groups in the Content Manager): their open enrollments in that group are cancelled, with
 * history, in the same transaction as the edit. The members service does the same for its own route.
 */
export const memberRemovalRules = (strapi: Core.Strapi) => {
  const repo = enrollmentRepository(strapi);
  return async (ctx: DocumentContext, next: Next) => {
    const side =
      ctx.uid === GROUP_UID ? 'members' : ctx.uid === LEARNER_UID ? LEARNER_GROUPS_ATTRIBUTE : null;
    const documentId = ctx.params.documentId;
    const data = ctx.params.data;
    if (!side || ctx.action !== 'update' || typeof documentId !== 'string' || !data || !(side in data)) {
      return next();
    }
    const of = ctx.uid === GROUP_UID ? { groupDocumentId: documentId } : { learnerDocumentId: documentId };
    return strapi.db.transaction(async ({ trx }: { trx: Db }) => {
      await repo.lockWriter(trx);
      const before = await repo.memberPairs(trx, of);
      const result = await next();
      const after = new Set((await repo.memberPairs(trx, of)).map((p) => `${p.groupId}:${p.learnerId}`));
      const removed = before.filter((p) => !after.has(`${p.groupId}:${p.learnerId}`));
      if (removed.length) {
        await getService(strapi, 'enrollment').cancelOpenEnrollmentsOfMembers({
          members: removed,
          actor: actorFromRequest(strapi.requestContext.get() as never),
          reason: 'Removed from the group.',
        });
      }
      return result;
    });
  };
};

interface RequestLike {
  path?: string;
  params?: { model?: string };
  request?: { body?: { documentIds?: unknown } };
}

/**
 * Deleting a group would orphan its enrollments' history: refuse, and point to archiving. The Content
 * Manager's bulk delete runs one delete per group in parallel inside one transaction, and on PostgreSQL a
 * delete still in flight when a sibling is refused outlives the rollback. So every delete of a bulk request
 * checks the whole batch (once per request) and refuses before any of them starts.
 */
export const groupDeletionGuard = (strapi: Core.Strapi) => {
  const checked = new WeakMap<object, Promise<number>>();

  const enrollmentsOf = (documentIds: string[]) =>
    strapi.db.query(ENROLLMENT_UID).count({ where: { group: { documentId: { $in: documentIds } } } });

  const batchOf = (request: RequestLike | undefined, documentId: string): string[] => {
    const ids = request?.request?.body?.documentIds;
    const model = request?.params?.model ?? decodeURIComponent(request?.path ?? '');
    const isBulk = Boolean(request?.path?.endsWith('/actions/bulkDelete') && model.includes(GROUP_UID));
    if (!isBulk || !Array.isArray(ids)) return [documentId];
    return [...new Set([documentId, ...ids.filter((id): id is string => typeof id === 'string')])];
  };

  return async (ctx: DocumentContext, next: Next) => {
    if (ctx.uid !== GROUP_UID || ctx.action !== 'delete') return next();
    const documentId = ctx.params.documentId;
    if (!documentId) return next();
    const request = strapi.requestContext.get() as (RequestLike & object) | undefined;
    const batch = batchOf(request, documentId);
    let pending = request && batch.length > 1 ? checked.get(request) : undefined;
    if (!pending) {
      pending = enrollmentsOf(batch);
      if (request && batch.length > 1) checked.set(request, pending);
    }
    const count = await pending;
    if (count > 0) {
      throw new errors.ValidationError(
        batch.length > 1
          ? `The selected groups have ${count} enrollment${count === 1 ? '' : 's'} and cannot be deleted: archive them instead by setting their archivedAt date.`
          : `This group has ${count} enrollment${count === 1 ? '' : 's'} and cannot be deleted: archive it instead by setting its archivedAt date.`,
        { code: 'GROUP_HAS_ENROLLMENTS' }
      );
    }
    return next();
  };
};
