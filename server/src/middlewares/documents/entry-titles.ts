/**
 * Document writes that change what a GroupManager link or an enrollment is called, and the rules that come
 * with the link being one per admin user and group. Every way in (Content Manager, clone, admin tokens, MCP,
 * the plugin's services) goes through here; the checks run on the rows as written, inside the write's
 * transaction, so a refusal rolls the write back.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ENROLLMENT_UID, GROUP_MANAGER_UID, GROUP_UID } from '../../constants';
import { relationChange } from '../../services/write-scope';
import { getService } from '../../utils/get-service';
import type { Db } from '../../utils/tables';

interface DocumentContext {
  uid: string;
  action: string;
  params: { documentId?: string; data?: Record<string, unknown> } & Record<string, unknown>;
}

type Next = () => Promise<unknown>;

const WRITES = new Set(['create', 'update', 'clone']);

/** Written by the plugin only: input never sets them. */
const DERIVED_FIELDS = ['title', 'pairKey'];

/** The group's side of relations owned by the link and the enrollment. */
const REVERSE_RELATIONS = ['managers', 'enrollments'];

const changesRelation = (value: unknown, action: string): boolean => {
  const change = relationChange(value);
  if (!change) return false;
  if (change.connect.length > 0 || change.disconnect.length > 0) return true;
  return change.set !== null && (change.set.length > 0 || action !== 'create');
};

/** Row ids a document write answered with: one entry, or a clone's entries. */
const writtenIds = (result: unknown): number[] => {
  const value = result as { id?: unknown; entries?: Array<{ id?: unknown }> } | null;
  if (!value) return [];
  if (typeof value.id === 'number') return [value.id];
  return (value.entries ?? []).map((e) => e.id).filter((id): id is number => typeof id === 'number');
};

export const entryTitles = (strapi: Core.Strapi) => {
  const titles = () => getService(strapi, 'entry-titles');

  return async (ctx: DocumentContext, next: Next) => {
    if (!WRITES.has(ctx.action)) return next();
    const data = ctx.params.data;

    if (ctx.uid === GROUP_UID) {
      // Picking a manager link or an enrollment in a group's form would move it out of another group.
      const moved = REVERSE_RELATIONS.filter((field) => data && changesRelation(data[field], ctx.action));
      if (moved.length > 0) {
        throw new errors.ValidationError(
          `A group's ${moved.join(' and ')} cannot be changed from the group: edit the ${
            moved.includes('managers') ? 'Group manager' : 'Enrollment'
          } entry instead.`,
          { code: 'GROUP_REVERSE_RELATION' }
        );
      }
      return next();
    }

    if (ctx.uid !== GROUP_MANAGER_UID && ctx.uid !== ENROLLMENT_UID) return next();
    if (data) for (const field of DERIVED_FIELDS) delete data[field];
    // A clone copies every column of its source: the copy starts without the source's title and pair key.
    if (ctx.action === 'clone') ctx.params.data = { ...data, title: null, pairKey: null };
    return strapi.db.transaction(async ({ trx }: { trx: Db }) => {
      const result = await next();
      // An enrollment's title is written by a database lifecycle, as the plugin's services create
      // enrollments with plain queries; a link is settled here, where a refusal still rolls it back.
      if (ctx.uid === GROUP_MANAGER_UID)
        for (const id of writtenIds(result)) await titles().settleLink(trx, id);
      // The answer shows the title as stored, like every other field.
      const single = result as { id?: unknown; title?: string | null } | null;
      if (single && typeof single.id === 'number' && 'title' in single) {
        single.title = await titles().titleOf(trx, ctx.uid, single.id);
      }
      return result;
    });
  };
};
