/**
 * The one answer to "may this admin do this in that group?": named assertions, each with one text, called
 * from every entry point (routes, services, the enrollment write path). Built on the scope service, which
 * reads the manager's GroupManager links and their rights once per request; this service only asks it.
 *
 * - `groupByDocumentId(actor, documentId, right)`: the group row, or 404 `No group has the id <id>.`, or
 *   403 `You do not have the right "<right>" in the group "<name>".` (`right` may be a list: any of them;
 *   the group is named only to an admin linked to it, anyone else reads "in this group").
 * - `findGroup(documentId)`: the group row or the same 404, for callers that are not admins (learners).
 * - `assertRightIn(actor, group, right)`: the same 403 for a group already loaded (`{ id, name }`), e.g. the
 *   group of an enrollment row: `report.findRow` loads its row, then calls this with the row's group.
 * - `readableGroups(actor, rights, documentIds?, { subGroups })`: ids of the groups where the actor holds any
 *   of `rights` (`null`: every group, Super Admin); with `documentIds`, exactly those groups, each known (404)
 *   and readable (403) — the shape of a list filter; with `subGroups` also every readable group below them
 *   ("this group and its sub-groups"), the ones outside the actor's scope left out. `readableIn` answers
 *   the same with the scope it decided from (a read's row rights and group paths): with `documentIds`, the
 *   scope over those groups only (`scope.scopeOver`).
 * - `noGroupText`, `noEnrollmentText(documentId)`, `missingRightText(rights, visibleName(scope, group))`: the
 *   texts, for code that checks many rows at once and reports per row (bulk transitions) or loads its own
 *   row (`findRow`).
 */
import type { Core } from '@strapi/strapi';
import { groupsWithRight, hasRight, inScope, type Right, type Scope } from '../../../common/domain/rights';
import { messageText, missingRightMessage, type Message } from '../../../common/domain/messages';
import { GROUP_UID } from '../constants';
import { failure } from '../utils/messages';
import { groupTreeRepository } from '../repositories/group-tree';
import { getService } from '../utils/get-service';
import { currentDb } from '../utils/tables';
import type { AdminActor } from './scope';

/** A group as routes and messages name it. */
export interface GroupRef {
  id: number;
  documentId: string;
  name: string;
}

/** A group as the access checks load it. */
export interface AccessGroup extends GroupRef {
  archivedAt: string | null;
}

const GROUP_FIELDS = ['id', 'documentId', 'name', 'archivedAt'] as const;

type Rights = Right | readonly Right[];
const listOf = (rights: Rights): readonly Right[] => (typeof rights === 'string' ? [rights] : rights);

export const noGroupMessage = (documentIds: string | readonly string[]): Message => ({
  key: 'server.access.noGroup',
  values: { ids: [documentIds].flat().join(', ') },
});
export const noGroupText = (documentIds: string | readonly string[]) =>
  messageText(noGroupMessage(documentIds));

export const noEnrollmentText = (documentId: string) =>
  messageText({ key: 'server.access.noEnrollment', values: { documentId } });

/** The refusal's English, for code that reports per row (bulk transitions); see missingRightMessage. */
export const missingRightText = (rights: Rights, groupName: string | null) =>
  messageText(missingRightMessage(listOf(rights), groupName));

const refused = (message: Message) => failure('ForbiddenError', message.key, message.values);

/** The group's name if the actor may know it (they are linked to it), else null. */
export const visibleName = (scope: Scope, group: { id: number | null; name: string | null }) =>
  group.id !== null && inScope(scope, group.id) ? group.name : null;

const accessService = ({ strapi }: { strapi: Core.Strapi }) => {
  const scopeOf = (actor: AdminActor) => getService(strapi, 'scope').getScope(actor);

  const findGroup = async (documentId: string): Promise<AccessGroup> => {
    const group = (await strapi.db.query(GROUP_UID).findOne({
      where: { documentId },
      select: [...GROUP_FIELDS],
    })) as AccessGroup | null;
    if (!group) throw failure('NotFoundError', 'server.access.noGroup', noGroupMessage(documentId).values);
    return group;
  };

  const holdsAny = (scope: Scope, groupId: number, rights: Rights) =>
    listOf(rights).some((right) => hasRight(scope, groupId, right));

  const assertRightIn = async (
    actor: AdminActor,
    group: { id: number; name: string | null },
    rights: Rights
  ): Promise<Scope> => {
    const scope = await scopeOf(actor);
    if (!holdsAny(scope, group.id, rights))
      throw refused(missingRightMessage(listOf(rights), visibleName(scope, group)));
    return scope;
  };

  /**
   * `readableGroups` with the scope it was decided from. Without a group filter (or for a Super Admin) the
   * full scope; with one, the scope over the named groups, their ancestors and, with `subGroups`, their
   * sub-trees (`scope.scopeOver`): the same rights in each of those groups, and every group the read can
   * return, name or path is one of them, without spreading the manager's links over the whole tree.
   */
  const readableIn = async (
    actor: AdminActor,
    rights: Rights,
    documentIds?: readonly string[],
    options: { subGroups?: boolean } = {}
  ): Promise<{ groupIds: number[] | null; scope: Scope }> => {
    if (!documentIds?.length) {
      const scope = await scopeOf(actor);
      const lists = listOf(rights).map((right) => groupsWithRight(scope, right));
      if (lists.some((ids) => ids === null)) return { groupIds: null, scope };
      return { groupIds: [...new Set(lists.flat() as number[])].sort((a, b) => a - b), scope };
    }
    const wanted = [...new Set(documentIds)];
    const groups = (await strapi.db.query(GROUP_UID).findMany({
      where: { documentId: { $in: wanted } },
      select: [...GROUP_FIELDS],
    })) as AccessGroup[];
    const unknown = wanted.filter((id) => !groups.some((group) => group.documentId === id));
    if (unknown.length)
      throw failure('NotFoundError', 'server.access.noGroup', noGroupMessage(unknown).values);
    const chosen = [...new Set(groups.map((group) => group.id))];
    const subGroups = Boolean(options.subGroups);
    const scope = await getService(strapi, 'scope').scopeOver(actor, chosen, { subGroups });
    const refusedGroup = groups.find((group) => !holdsAny(scope, group.id, rights));
    if (refusedGroup) throw refused(missingRightMessage(listOf(rights), visibleName(scope, refusedGroup)));
    if (!subGroups) return { groupIds: chosen.sort((a, b) => a - b), scope };
    // The sub-trees in one recursive statement; the scope keeps the groups where the actor may read, so a
    // sub-group outside it is left out rather than refused.
    const subtree = await groupTreeRepository(strapi).subtreeIds(await currentDb(strapi), chosen);
    return { groupIds: subtree.filter((id) => holdsAny(scope, id, rights)), scope };
  };

  return {
    findGroup,
    assertRightIn,

    async groupByDocumentId(actor: AdminActor, documentId: string, rights: Rights): Promise<AccessGroup> {
      const group = await findGroup(documentId);
      await assertRightIn(actor, group, rights);
      return group;
    },

    readableIn,

    async readableGroups(
      actor: AdminActor,
      rights: Rights,
      documentIds?: readonly string[],
      options: { subGroups?: boolean } = {}
    ): Promise<number[] | null> {
      return (await readableIn(actor, rights, documentIds, options)).groupIds;
    },
  };
};

export type AccessService = ReturnType<typeof accessService>;
export default accessService;
