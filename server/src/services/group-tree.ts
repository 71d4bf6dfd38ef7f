/**
 * The rules of the group tree on the one write path for groups (the document service, so the Content
 * Manager, admin tokens, MCP and the plugin's own code all obey): a group is placed under an existing,
 * active parent, never under itself or its own sub-groups, never deeper than `maxGroupDepth`; a group with
 * active sub-groups is not archived, and one with sub-groups is not deleted. Tree writes run one after
 * another under a lock, so two requests cannot build a cycle between them.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { archiveProblem, groupPath, placementProblem } from '../../../common/domain/group-tree';
import { inScope, type Scope } from '../../../common/domain/rights';
import { GROUP_MANAGER_UID, PLUGIN_ID } from '../constants';
import type { PluginConfig } from '../config';
import { groupTreeRepository, type TreeGroup } from '../repositories/group-tree';
import { columnOf, currentDb, tableIn, tableOf, type Db } from '../utils/tables';
import { relationChange } from './write-scope';

export interface GroupWrite {
  action: string;
  documentId?: string;
  data?: Record<string, unknown>;
  /** Every group of the request when it is a bulk delete (the Content Manager's). */
  batch: string[];
}

type Ref = unknown;

const invalid = (message: string): never => {
  throw new errors.ValidationError(message);
};

const last = <T>(list: readonly T[]): T | undefined => list[list.length - 1];

const groupTreeService = ({ strapi }: { strapi: Core.Strapi }) => {
  const repo = groupTreeRepository(strapi);
  const maxDepth = () => (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).maxGroupDepth;

  /** A relation reference as the document service takes it: a row id, a documentId, `{ id }` or `{ documentId }`. */
  const findRef = async (db: Db, ref: Ref): Promise<TreeGroup> => {
    const object = typeof ref === 'object' && ref !== null ? (ref as Record<string, unknown>) : null;
    const id = typeof ref === 'number' ? ref : object && object.id != null ? Number(object.id) : null;
    const documentId =
      typeof ref === 'string'
        ? ref
        : object && typeof object.documentId === 'string'
          ? object.documentId
          : null;
    const rows =
      id !== null && Number.isInteger(id)
        ? await repo.groups(db, { ids: [id] })
        : documentId
          ? await repo.groups(db, { documentIds: [documentId] })
          : [];
    return (
      rows[0] ??
      invalid(`No group has the id ${String(documentId ?? id ?? ref)}: choose an existing parent group.`)
    );
  };

  /** The parent after the write: `undefined` when the write leaves it alone. */
  const parentAfter = async (db: Db, value: unknown): Promise<TreeGroup | null | undefined> => {
    const change = relationChange(value);
    if (!change) return undefined;
    const chosen = change.connect.length
      ? last(change.connect)
      : change.set
        ? (last(change.set) ?? null)
        : null;
    if (chosen === null || chosen === undefined) {
      // A disconnect alone (or `null`, or an empty set) takes the group to the top.
      return change.set !== null || change.disconnect.length ? null : undefined;
    }
    return findRef(db, chosen);
  };

  const checkPlacement = async (db: Db, group: TreeGroup | null, name: string, parent: TreeGroup | null) => {
    const problem = placementProblem({
      groupId: group?.id ?? null,
      groupName: name,
      parent: parent && {
        id: parent.id,
        name: parent.name,
        archived: Boolean(parent.archivedAt),
        ancestorIds: await repo.ancestorIds(db, parent.id),
      },
      subtreeHeight: group ? await repo.subtreeHeight(db, group.id) : 1,
      maxDepth: maxDepth(),
    });
    if (problem) invalid(problem);
  };

  const checkDelete = async (db: Db, call: GroupWrite) => {
    // The whole batch at once: deletes of a bulk request run in parallel, and refusing one while another
    // is in flight would leave half a batch deleted on PostgreSQL.
    const ids = (await repo.groups(db, { documentIds: call.batch })).map((group) => group.id);
    const outside = await repo.childrenOutside(db, ids, false);
    if (outside > 0) {
      invalid(
        `${call.batch.length > 1 ? 'The selected groups have' : 'This group has'} ${outside} sub-group${
          outside === 1 ? '' : 's'
        }: move or delete ${outside === 1 ? 'it' : 'them'} first.`
      );
    }
  };

  const checkWrite = async (db: Db, call: GroupWrite) => {
    const data = call.data ?? {};
    const stored = call.documentId
      ? ((await repo.groups(db, { documentIds: [call.documentId] }))[0] ?? null)
      : null;
    const isNew = call.action === 'create' || call.action === 'clone';
    const group = isNew ? null : stored;
    if (!isNew && !group) return; // Strapi answers 404 itself.
    const name = typeof data.name === 'string' ? data.name : (stored?.name ?? 'new group');
    let parent = await parentAfter(db, data.parent);
    // A copy keeps its source's parent unless the write names another: it must still be a valid place.
    if (parent === undefined && call.action === 'clone' && stored) {
      const sourceParent = await repo.parentOf(db, stored.id);
      parent = sourceParent === null ? null : (await repo.groups(db, { ids: [sourceParent] }))[0];
    }
    if (parent !== undefined) await checkPlacement(db, group, name, parent);
    if (group && data.archivedAt && !group.archivedAt) {
      const problem = archiveProblem(await repo.childrenOutside(db, [group.id], true));
      if (problem) invalid(problem);
    }
  };

  /** Whether the write touches the tree at all (most group edits do not, and take no lock). */
  const touchesTree = (call: GroupWrite) =>
    call.action === 'delete' ||
    call.action === 'clone' ||
    (call.data !== undefined &&
      ('parent' in call.data || (call.action === 'update' && Boolean(call.data.archivedAt))));

  return {
    /**
     * Links made before sub-groups existed keep their meaning (their group only): the column arrives empty
     * on an existing database, and empty becomes off. New links default to on (the schema's default).
     */
    async keepExistingLinksDirect(): Promise<void> {
      const column = columnOf(strapi, GROUP_MANAGER_UID, 'includesSubGroups');
      await tableIn(strapi, strapi.db.connection, tableOf(strapi, GROUP_MANAGER_UID))
        .whereNull(column)
        .update({ [column]: false });
    },

    /** Runs the write when the tree allows it, in one transaction with the lock held; a 400 otherwise. */
    async guardWrite<T>(call: GroupWrite, next: () => Promise<T>): Promise<T> {
      if (!touchesTree(call)) return next();
      return strapi.db.transaction(async ({ trx }: { trx: Db }) => {
        await repo.lockTree(trx);
        if (call.action === 'delete') await checkDelete(trx, call);
        else await checkWrite(trx, call);
        return next();
      });
    },

    /**
     * Each group named by its path through the ancestors the scope may see ("Amsterdam › ICU › Night
     * shift") and its parent when the scope may see it; the tree read in one statement.
     */
    async treeOf(
      scope: Scope,
      groups: ReadonlyArray<{ id: number; name: string }>
    ): Promise<Map<number, { path: string; parentDocumentId: string | null }>> {
      const out = new Map<number, { path: string; parentDocumentId: string | null }>();
      if (groups.length === 0) return out;
      const db = await currentDb(strapi);
      const parentOf = await repo.parentsUpFrom(
        db,
        groups.map((group) => group.id)
      );
      const visible = (id: number) => inScope(scope, id);
      const ancestors = [...new Set([...parentOf.values()])].filter(
        (id): id is number => id !== null && visible(id)
      );
      const known = new Map(groups.map((group) => [group.id, { name: group.name, documentId: '' }]));
      for (const row of ancestors.length ? await repo.groups(db, { ids: ancestors }) : []) {
        known.set(row.id, { name: row.name, documentId: row.documentId });
      }
      for (const group of groups) {
        const parent = parentOf.get(group.id) ?? null;
        out.set(group.id, {
          path: groupPath(group.id, parentOf, (id) => known.get(id)?.name, visible),
          parentDocumentId:
            parent !== null && visible(parent) ? (known.get(parent)?.documentId ?? null) : null,
        });
      }
      return out;
    },
  };
};

export type GroupTreeService = ReturnType<typeof groupTreeService>;
export default groupTreeService;
