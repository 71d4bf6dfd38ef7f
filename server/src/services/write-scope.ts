import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { Refusal } from '../utils/messages';
import { groupsWithRight, hasRight, type Right, type Scope } from '../../../common/domain/rights';
import { actionId } from '../../../common/domain/permissions';
import { LEARNER_GROUPS_ATTRIBUTE } from '../../../common/domain/scope-filters';
import { IN_GROUPS_WHERE_I_EDIT_COURSES, IN_MY_GROUPS, subjectOf } from '../conditions';
import { GROUP_UID, LEARNER_UID } from '../constants';
import type { Actor } from '../utils/actor';
import { getService } from '../utils/get-service';
import { defaultLearnerRoleId } from '../utils/learner-role';
import type { AdminActor } from './scope';

/** The document service actions that write, and the Content Manager permission each one stands for. */
const WRITE_ACTIONS: Readonly<Record<string, string>> = {
  create: 'plugin::content-manager.explorer.create',
  clone: 'plugin::content-manager.explorer.create',
  update: 'plugin::content-manager.explorer.update',
  discardDraft: 'plugin::content-manager.explorer.update',
  delete: 'plugin::content-manager.explorer.delete',
  publish: 'plugin::content-manager.explorer.publish',
  unpublish: 'plugin::content-manager.explorer.publish',
};

const PLUGIN_CONDITIONS = new Set<string>([IN_MY_GROUPS, IN_GROUPS_WHERE_I_EDIT_COURSES]);

export interface WriteCall {
  uid: string;
  action: string;
  params: { documentId?: string; data?: Record<string, unknown> } & Record<string, unknown>;
}

type Ref = number | string | { id?: number | string; documentId?: string } | null;

const forbid = (message: string): never => {
  throw new Refusal(message);
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * How a relation value in a write changes the related ids. `set` replaces the whole list; `connect` and
 * `disconnect` add and remove. Every form the document service accepts (shorthand ids, documentIds,
 * `{ id }`, `{ documentId }`, arrays, `null`) is understood, so none slips past the check.
 */
export interface RelationChange {
  set: Ref[] | null;
  connect: Ref[];
  disconnect: Ref[];
}

export const relationChange = (value: unknown): RelationChange | null => {
  if (value === undefined) return null;
  if (value === null) return { set: [], connect: [], disconnect: [] };
  if (Array.isArray(value)) return { set: value as Ref[], connect: [], disconnect: [] };
  if (isObject(value) && ('connect' in value || 'disconnect' in value || 'set' in value)) {
    const list = (v: unknown): Ref[] => (v === undefined ? [] : Array.isArray(v) ? (v as Ref[]) : [v as Ref]);
    return {
      set: 'set' in value ? list(value.set) : null,
      connect: list(value.connect),
      disconnect: list(value.disconnect),
    };
  }
  return { set: [value as Ref], connect: [], disconnect: [] };
};

/**
 * Re-checks every write an admin makes to the five scoped types against their groups and the rights of
 * each GroupManager link. Strapi's Content Manager checks no condition on create or clone and
 * checks update against the stored entry only; admin tokens and MCP take the same paths. This runs in a
 * document service middleware, so the rule holds whichever way the write arrives.
 */
const writeScopeService = ({ strapi }: { strapi: Core.Strapi }) => {
  const scopeService = () => getService(strapi, 'scope');

  /** Turns references (ids, documentIds, `{ id }`, `{ documentId }`) into row ids; unknown ones into NaN. */
  const resolveIds = async (uid: string, refs: Ref[]): Promise<number[]> => {
    const ids: number[] = [];
    const documentIds: string[] = [];
    for (const ref of refs) {
      // Like the document service: a number is a row id, a string a documentId.
      if (typeof ref === 'number') ids.push(ref);
      else if (typeof ref === 'string') documentIds.push(ref);
      else if (isObject(ref) && ref.id !== undefined && ref.id !== null) ids.push(Number(ref.id));
      else if (isObject(ref) && typeof ref.documentId === 'string') documentIds.push(ref.documentId);
      else ids.push(Number.NaN);
    }
    if (documentIds.length) {
      const rows = await strapi.db
        .query(uid as never)
        .findMany({ where: { documentId: { $in: documentIds } }, select: ['id', 'documentId'] });
      for (const documentId of documentIds) {
        const row = (rows as Array<{ id: number; documentId: string }>).find(
          (r) => r.documentId === documentId
        );
        ids.push(row ? row.id : Number.NaN);
      }
    }
    return ids;
  };

  const stored = async (uid: string, documentId: string | undefined, populate: Record<string, unknown>) =>
    documentId
      ? ((await strapi.db.query(uid as never).findOne({ where: { documentId }, populate })) as Record<
          string,
          unknown
        > | null)
      : null;

  const relatedIds = (row: Record<string, unknown> | null, attribute: string): number[] => {
    const value = row?.[attribute];
    if (Array.isArray(value)) return value.map((v: { id: number }) => v.id);
    return isObject(value) && typeof value.id === 'number' ? [value.id] : [];
  };

  /** The related ids after the write, and the ones it adds and removes. */
  const applyChange = async (uid: string, current: number[], change: RelationChange | null) => {
    if (!change) return { after: current, added: [] as number[], removed: [] as number[] };
    const set = change.set ? await resolveIds(uid, change.set) : null;
    const connect = await resolveIds(uid, change.connect);
    const disconnect = await resolveIds(uid, change.disconnect);
    let after = set ?? [...current];
    after = after.filter((id) => !disconnect.includes(id));
    for (const id of connect) if (!after.includes(id)) after.push(id);
    return {
      after,
      added: after.filter((id) => !current.includes(id)),
      removed: current.filter((id) => !after.includes(id)),
    };
  };

  const assertGroups = (scope: Scope, groupIds: number[], right: Right, message: string) => {
    for (const id of groupIds) if (!Number.isInteger(id) || !hasRight(scope, id, right)) forbid(message);
  };

  /**
   * Users and courses belong to the site as well: the check applies when the actor's permission for the
   * action is limited by one of the plugin's conditions (or missing), not when a site role grants it plainly.
   */
  const isGroupScoped = async (actor: AdminActor, uid: string, action: string): Promise<boolean> => {
    const permissions = (await strapi
      .service('admin::permission')
      .findUserPermissions({ id: actor.id })) as Array<{
      action: string;
      subject: string | null;
      conditions?: string[];
    }>;
    const relevant = permissions.filter((p) => p.action === WRITE_ACTIONS[action] && p.subject === uid);
    if (relevant.length === 0) return true;
    return relevant.every((p) => (p.conditions ?? []).some((c) => PLUGIN_CONDITIONS.has(c)));
  };

  const setsUpGroups = async (actor: AdminActor): Promise<boolean> => {
    const permissions = (await strapi
      .service('admin::permission')
      .findUserPermissions({ id: actor.id })) as Array<{ action: string }>;
    return permissions.some((p) => p.action === actionId('groups.manage'));
  };

  const checkGroup = async (scope: Scope, call: WriteCall) => {
    if (call.action === 'create' || call.action === 'clone' || call.action === 'delete') {
      forbid(`Only a Super Admin can ${call.action} groups.`);
    }
    const data = call.params.data ?? {};
    const changed = Object.keys(data).filter((key) => !BOOKKEEPING.has(key));
    // Re-parenting needs a right over both places, and no link right covers a group's details.
    if (changed.includes('parent'))
      forbid(
        'Only a Super Admin or a holder of the "Set up groups and their managers" permission can move a group under another group.'
      );
    if (changed.some((key) => key !== 'members')) {
      forbid("A group's details belong to the site owner; managers change its members only.");
    }
    const row = await stored(GROUP_UID, call.params.documentId, { members: { select: ['id'] } });
    if (!row) return;
    if (!hasRight(scope, row.id as number, 'manageMembers'))
      forbid('You do not manage the members of this group.');
  };

  const checkEnrollment = async (scope: Scope, call: WriteCall) => {
    const data = call.params.data ?? {};
    const row =
      call.action === 'create'
        ? null
        : await stored(call.uid, call.params.documentId, {
            group: { select: ['id'] },
            learner: { select: ['id'] },
          });
    if (call.action !== 'create' && !row) return; // Strapi answers 404 itself.
    const message = 'You can only change enrollments of groups where you manage enrollments.';
    const current = relatedIds(row, 'group');
    if (row) assertGroups(scope, current, 'manageEnrollments', message);
    if (call.action === 'delete' || call.action === 'publish' || call.action === 'unpublish') return;
    const groups = await applyChange(GROUP_UID, current, relationChange(data.group));
    if (groups.after.length !== 1) forbid('An enrollment must belong to one of your groups.');
    assertGroups(scope, groups.after, 'manageEnrollments', message);
    const learnerChange = relationChange(data.learner);
    if (learnerChange) {
      const learners = await applyChange(LEARNER_UID, relatedIds(row, 'learner'), learnerChange);
      await assertLearnersInScope(scope, learners.added);
    }
  };

  /** A learner an admin places on a record must already be a member of one of the admin's groups. */
  const assertLearnersInScope = async (scope: Scope, learnerIds: number[]) => {
    if (learnerIds.length === 0) return;
    if (learnerIds.some((id) => !Number.isInteger(id)))
      forbid('That learner is not a member of your groups.');
    const rows = (await strapi.db.query(LEARNER_UID).findMany({
      where: { id: { $in: learnerIds }, [LEARNER_GROUPS_ATTRIBUTE]: { id: { $in: scope.groupIds } } },
      select: ['id'],
    })) as Array<{ id: number }>;
    if (rows.length !== new Set(learnerIds).size) forbid('That learner is not a member of your groups.');
  };

  const checkLearner = async (scope: Scope, call: WriteCall) => {
    const data = call.params.data ?? {};
    const row =
      call.action === 'create'
        ? null
        : await stored(call.uid, call.params.documentId, {
            [LEARNER_GROUPS_ATTRIBUTE]: { select: ['id'] },
            role: { select: ['id'] },
          });
    if (call.action !== 'create' && !row) return;
    const managed = groupsWithRight(scope, 'manageMembers') ?? [];
    const current = relatedIds(row, LEARNER_GROUPS_ATTRIBUTE);
    if (call.action === 'delete') {
      if (current.length === 0 || current.some((id) => !managed.includes(id))) {
        forbid('Only a learner whose every group you manage can be deleted by you.');
      }
      return;
    }
    if (row && !current.some((id) => managed.includes(id))) {
      forbid('You can only change learners who are members of a group whose members you manage.');
    }
    if (call.action === 'publish' || call.action === 'unpublish' || call.action === 'discardDraft') return;
    const groups = await applyChange(GROUP_UID, current, relationChange(data[LEARNER_GROUPS_ATTRIBUTE]));
    // A copy is a new learner in every group it keeps: each of them must be the actor's to fill.
    const isCopy = call.action === 'clone';
    assertGroups(
      scope,
      isCopy ? groups.after : [...groups.added, ...groups.removed],
      'manageMembers',
      'You can only add learners to, or remove them from, groups whose members you manage.'
    );
    if (call.action !== 'update' && groups.after.length === 0) {
      forbid('A learner you create must be placed in one of your groups.');
    }
    if (data.role !== undefined || isCopy) {
      const [roleId] = await applyChange(
        'plugin::users-permissions.role',
        relatedIds(row, 'role'),
        relationChange(data.role)
      ).then((r) => r.after);
      if (roleId !== (await defaultLearnerRoleId(strapi)))
        forbid('Learners you manage keep the default role.');
    }
  };

  const checkCourse = async (actor: AdminActor, call: WriteCall) => {
    if (call.action === 'create' || call.action === 'clone' || call.action === 'delete') {
      forbid(
        "Courses are created and deleted by the site's editors; you can edit the courses of your groups."
      );
    }
    const editable = (await scopeService().getCourseDocumentIds(actor, 'editCourses')) ?? [];
    if (!call.params.documentId || !editable.includes(call.params.documentId)) {
      forbid('You can only edit the courses of groups where you edit courses.');
    }
  };

  return {
    /** Throws a 403 when `actor` may not make this write; returns quietly otherwise. */
    async assertWrite(actor: Actor, call: WriteCall): Promise<void> {
      if (!(call.action in WRITE_ACTIONS)) return;
      const subject = subjectOf(strapi, call.uid);
      if (!subject) return;
      switch (actor.kind) {
        case 'unknown':
          forbid('This change was refused: the plugin cannot tell who is making it.');
          break;
        case 'admin':
          break;
        // The content API and the plugin's own services apply their own rules to learners, tokens and
        // background work; this guard is about admins reaching past their groups.
        default:
          return;
      }
      if (actor.kind !== 'admin') return;
      // Strapi writes a documentId found in the data onto the row: the entry would join (or create)
      // another document, possibly another group's, past every check below.
      const claimed = call.params.data?.documentId;
      if (claimed !== undefined && (call.action === 'create' || claimed !== call.params.documentId)) {
        throw new errors.ValidationError("An entry's documentId cannot be set or changed.");
      }
      const scope = await scopeService().getScope(actor.user);
      if (scope.all) return;
      // The site owner's Groups screen permission sets up groups and their managers, like a Super Admin.
      if ((subject === 'group' || subject === 'group-manager') && (await setsUpGroups(actor.user))) return;
      switch (subject) {
        case 'group':
          return checkGroup(scope, call);
        case 'group-manager':
          return forbid('Only a Super Admin designates group managers and their rights.');
        case 'enrollment':
          return checkEnrollment(scope, call);
        case 'learner':
          if (await isGroupScoped(actor.user, call.uid, call.action)) return checkLearner(scope, call);
          return;
        case 'course':
          if (await isGroupScoped(actor.user, call.uid, call.action)) return checkCourse(actor.user, call);
          return;
      }
    },
  };
};

/** Keys Strapi writes on its own; they say nothing about what the admin changes. */
const BOOKKEEPING = new Set([
  'id',
  'documentId',
  'createdAt',
  'updatedAt',
  'publishedAt',
  'createdBy',
  'updatedBy',
  'locale',
]);

export type WriteScopeService = ReturnType<typeof writeScopeService>;
export default writeScopeService;
