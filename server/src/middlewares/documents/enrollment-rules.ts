/**
 * Document service middlewares of the enrollment rules. Every write that goes through Strapi's document
 * service (the Content Manager's create, update, clone and bulk actions, MCP tools, other plugins, scripts)
 * is handed to the enrollment service, which owns the rules; these middlewares decide nothing themselves.
 * Group scope is checked by the scope middleware, not here.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { LEARNER_GROUPS_ATTRIBUTE } from '../../../../common/domain/scope-filters';
import { ENROLLMENT_UID, GROUP_UID, LEARNER_UID } from '../../constants';
import { enrollmentRepository } from '../../repositories/enrollments';
import { actorFromRequest } from '../../utils/actor';
import { getService } from '../../utils/get-service';
import type { Db } from '../../utils/tables';

interface DocumentContext {
  uid: string;
  action: string;
  params: { documentId?: string; data?: Record<string, unknown> } & Record<string, unknown>;
}

type Next = () => Promise<unknown>;

const ENROLLMENT_WRITES = new Set(['create', 'update', 'clone']);

/** Creates, updates and clones of enrollments: the enrollment service plans and writes what they mean. */
export const enrollmentRules = (strapi: Core.Strapi) => async (ctx: DocumentContext, next: Next) => {
  if (ctx.uid !== ENROLLMENT_UID || !ENROLLMENT_WRITES.has(ctx.action)) return next();
  return getService(strapi, 'enrollment').documentWrite(
    { action: ctx.action, documentId: ctx.params.documentId, data: ctx.params.data },
    actorFromRequest(strapi.requestContext.get() as never),
    next
  );
};

/**
 * A learner taken out of a group, whichever side of the relation the edit came from (a group's members or
 * a learner's groups in the Content Manager): their open enrollments in that group are cancelled, with
 * history, in the same transaction as the edit, and a group's membership rule leaves them out from then on.
 * The members service does the same for its own route.
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
      const kept = await getService(strapi, 'membership-rules').keptPairs(trx, before);
      const result = await next();
      const after = new Set((await repo.memberPairs(trx, of)).map((p) => `${p.groupId}:${p.learnerId}`));
      const removed = before.filter((p) => !after.has(`${p.groupId}:${p.learnerId}`));
      if (removed.length) {
        await getService(strapi, 'enrollment').cancelOpenEnrollmentsOfMembers({
          members: removed,
          actor: actorFromRequest(strapi.requestContext.get() as never),
          reason: 'Removed from the group.',
        });
        await getService(strapi, 'membership-rules').removedByHand(trx, removed, kept);
      }
      return result;
    });
  };
};

export interface RequestLike {
  path?: string;
  params?: { model?: string };
  request?: { body?: { documentIds?: unknown } };
}

/** The groups a delete belongs to: every group of a Content Manager bulk delete, or the one group. */
export const batchOf = (request: RequestLike | undefined, documentId: string): string[] => {
  const ids = request?.request?.body?.documentIds;
  const model = request?.params?.model ?? decodeURIComponent(request?.path ?? '');
  const isBulk = Boolean(request?.path?.endsWith('/actions/bulkDelete') && model.includes(GROUP_UID));
  if (!isBulk || !Array.isArray(ids)) return [documentId];
  return [...new Set([documentId, ...ids.filter((id): id is string => typeof id === 'string')])];
};

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
