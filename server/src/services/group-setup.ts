/**
 * The site owner's Groups screen: groups with their courses and first members, archive and restore, and
 * each group's manager links. Writes go through the document service, so every rule the Content Manager
 * meets holds here too (one link per admin and group, titles, text guard, reverse relations); the routes
 * admit only the Super Admin and holders of the "Set up groups and their managers" permission.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { Refusal } from '../utils/messages';
import type {
  AddManagerBody,
  AdminUserOption,
  CourseOption,
  GroupListQuery,
  GroupOption,
  GroupOptionsQuery,
  LearnerOption,
  ManagerLinkRow,
  Rights,
  SetupGroupDetail,
  SetupGroupRow,
  createGroupBodySchema,
  updateGroupBodySchema,
} from '../../../common/contracts/group-setup';
import { RIGHTS, RIGHT_ATTRIBUTES, hasRight } from '../../../common/domain/rights';
import { GROUP_MANAGER_ROLE } from '../../../common/domain/roles';
import { ancestorsOf, groupPath, type ParentOf } from '../../../common/domain/group-tree';
import { followsName } from '../../../common/domain/slug';
import type { z } from 'zod';
import type { PluginConfig } from '../config';
import { ADMIN_USER_UID, GROUP_MANAGER_UID, GROUP_UID, LEARNER_UID, PLUGIN_ID } from '../constants';
import { groupTreeRepository } from '../repositories/group-tree';
import { getService } from '../utils/get-service';
import { pageWindow, paginationOf } from '../utils/pagination';
import { columnOf, currentDb, linkOf, tableIn, tableOf } from '../utils/tables';
import { noGroupText } from './access';
import type { AdminActor } from './scope';

/** How many options a picker shows for one search. */
const PICKER_LIMIT = 20;

const GROUP_COLUMNS = [
  'id',
  'documentId',
  'name',
  'slug',
  'description',
  'visibility',
  'enrollmentPolicy',
  'seatLimit',
  'archivedAt',
] as const;

type GroupRow = Omit<SetupGroupRow, 'memberCount' | 'managerCount' | 'courseCount' | 'path' | 'parent'> & {
  id: number;
  members?: { count: number };
  managers?: { count: number };
};

type CreateBody = z.infer<typeof createGroupBodySchema>;
type UpdateBody = z.infer<typeof updateGroupBodySchema>;

const toRow = ({ id: _id, members, managers, ...group }: GroupRow): SetupGroupRow => ({
  ...group,
  path: group.name,
  parent: null,
  description: group.description ?? null,
  seatLimit: group.seatLimit ?? null,
  archivedAt: group.archivedAt ?? null,
  memberCount: members?.count ?? 0,
  managerCount: managers?.count ?? 0,
  courseCount: 0,
});

// Courses are counted by documentId (`courseCounts`): a course with Draft & Publish links both versions.
const COUNTS = { members: { count: true }, managers: { count: true } };

export const adminName = (user: {
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  email: string;
}) => [user.firstname, user.lastname].filter(Boolean).join(' ').trim() || user.username || user.email;

const groupSetupService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
  /** The options of Settings → Groups as they apply now (the config file's values unless changed there). */
  const settings = () => getService(strapi, 'settings').current();
  const groups = () => strapi.db.query(GROUP_UID);
  const tree = groupTreeRepository(strapi);

  /**
   * The tree above `rows`, read in one statement: each group's ancestors, and a name and documentId for
   * every group on the way. The site owner sees every group, so paths are never cut short.
   */
  const treeAbove = async (rows: ReadonlyArray<{ id: number; name: string; documentId: string }>) => {
    const db = await currentDb(strapi);
    const parentOf: ParentOf = rows.length
      ? await tree.parentsUpFrom(
          db,
          rows.map((row) => row.id)
        )
      : new Map();
    const known = new Map(rows.map((row) => [row.id, row]));
    const missing = [...new Set(parentOf.values())].filter(
      (id): id is number => id !== null && !known.has(id)
    );
    for (const row of missing.length ? await tree.groups(db, { ids: missing }) : []) known.set(row.id, row);
    const option = (id: number): GroupOption => ({
      documentId: known.get(id)?.documentId ?? '',
      name: known.get(id)?.name ?? '',
      path: groupPath(
        id,
        parentOf,
        (other) => known.get(other)?.name,
        () => true
      ),
    });
    return { parentOf, option };
  };

  /** Each group's path and parent, for the list and the form. */
  const withTree = async (rows: GroupRow[], out: SetupGroupRow[]): Promise<SetupGroupRow[]> => {
    const { parentOf, option } = await treeAbove(rows);
    return out.map((row, index) => {
      const parentId = parentOf.get(rows[index].id) ?? null;
      return {
        ...row,
        path: option(rows[index].id).path,
        parent: parentId === null ? null : option(parentId),
      };
    });
  };

  const findGroup = async (documentId: string) => {
    const group = (await groups().findOne({
      where: { documentId },
      select: [...GROUP_COLUMNS],
      populate: COUNTS,
    })) as GroupRow | null;
    if (!group) throw new errors.NotFoundError(noGroupText(documentId));
    return group;
  };

  /** Refuses a slug another group holds, naming that group (Strapi's own message names only the field). */
  const assertSlugFree = async (slug: string | undefined, documentId?: string) => {
    if (!slug) return;
    const other = (await groups().findOne({
      where: { slug, ...(documentId ? { documentId: { $ne: documentId } } : {}) },
      select: ['name'],
    })) as { name: string } | null;
    if (other)
      throw new errors.ValidationError(`The slug "${slug}" is already used by the group "${other.name}".`, {
        errors: [{ path: ['slug'], message: 'is already used by another group' }],
      });
  };

  /** Refuses ids that name no record, with the ids, before the document service would quietly skip them. */
  const assertKnown = async (uid: string, documentIds: readonly string[], what: string) => {
    if (documentIds.length === 0) return;
    const found = (await strapi.db
      .query(uid as never)
      .findMany({ where: { documentId: { $in: [...documentIds] } }, select: ['documentId'] })) as Array<{
      documentId: string;
    }>;
    const missing = [...new Set(documentIds)].filter((id) => !found.some((row) => row.documentId === id));
    if (missing.length) throw new errors.ValidationError(`No ${what} has the id ${missing.join(', ')}.`);
  };

  const courseTitles = async (documentIds: readonly string[]): Promise<CourseOption[]> => {
    if (documentIds.length === 0) return [];
    const { courseContentType, courseTitleField } = config();
    const rows = (await strapi.db.query(courseContentType as never).findMany({
      where: { documentId: { $in: [...documentIds] } },
      select: ['documentId', courseTitleField, 'publishedAt'],
    })) as Array<Record<string, unknown> & { documentId: string }>;
    return optionsOf(rows);
  };

  /** One option per course (a draft's title before the published one), with the groups using it. */
  const optionsOf = async (rows: Array<Record<string, unknown> & { documentId: string }>) => {
    const { courseTitleField } = config();
    const titles = new Map<string, string>();
    const drafts = [...rows].sort(
      (a, b) =>
        Number(a.publishedAt !== null && a.publishedAt !== undefined) -
        Number(b.publishedAt !== null && b.publishedAt !== undefined)
    );
    for (const row of drafts)
      if (!titles.has(row.documentId)) titles.set(row.documentId, String(row[courseTitleField] ?? ''));
    const used = await getService(strapi, 'scope').groupsOfCourses([...titles.keys()]);
    return [...titles.entries()]
      .map(([documentId, title]) => ({ documentId, title, groupCount: used.get(documentId)?.length ?? 0 }))
      .sort((a, b) => a.title.localeCompare(b.title));
  };

  const detail = async (documentId: string): Promise<SetupGroupDetail> => {
    const group = await findGroup(documentId);
    const courses = (await groups().findOne({
      where: { id: group.id },
      populate: { courses: { select: ['documentId'] } },
    })) as { courses?: Array<{ documentId: string }> } | null;
    const [row] = await withCourseCounts([group]);
    return {
      ...row,
      courses: await courseTitles([...new Set((courses?.courses ?? []).map((c) => c.documentId))]),
      slugFollowsName: followsName(group.slug, group.name),
      courseEditRule: settings().courseEditRule,
    };
  };

  /** The number of courses of each group, each course once whatever versions it links. */
  const courseCounts = async (groupIds: readonly number[]): Promise<Map<number, number>> => {
    if (groupIds.length === 0) return new Map();
    const link = linkOf(strapi, GROUP_UID, 'courses');
    const courseUid = config().courseContentType;
    const rows = (await tableIn(strapi, await currentDb(strapi), `${link.table} as l`)
      .join(`${tableOf(strapi, courseUid)} as c`, 'c.id', `l.${link.targetColumn}`)
      .whereIn(`l.${link.ownerColumn}`, [...groupIds])
      .groupBy(`l.${link.ownerColumn}`)
      .select(`l.${link.ownerColumn} as groupId`)
      .countDistinct({ count: `c.${columnOf(strapi, courseUid, 'documentId')}` })) as Array<{
      groupId: number;
      count: number | string;
    }>;
    return new Map(rows.map((row) => [Number(row.groupId), Number(row.count)]));
  };

  const withCourseCounts = async (rows: GroupRow[]): Promise<SetupGroupRow[]> => {
    const counts = await courseCounts(rows.map((row) => row.id));
    return withTree(
      rows,
      rows.map((row) => ({ ...toRow(row), courseCount: counts.get(row.id) ?? 0 }))
    );
  };

  const rightsOf = (row: Record<string, unknown>): Rights =>
    Object.fromEntries(RIGHTS.map((right) => [right, Boolean(row[RIGHT_ATTRIBUTES[right]])])) as Rights;
  const rightColumns = (rights: Rights) =>
    Object.fromEntries(RIGHTS.map((right) => [RIGHT_ATTRIBUTES[right], rights[right]]));

  const linkRow = (row: Record<string, unknown>): ManagerLinkRow => {
    const user = row.user as {
      id: number;
      firstname?: string;
      lastname?: string;
      username?: string;
      email: string;
    };
    return {
      documentId: row.documentId as string,
      user: { id: user.id, name: adminName(user), email: user.email },
      rights: rightsOf(row),
    };
  };

  const USER_FIELDS = ['id', 'firstname', 'lastname', 'username', 'email'];

  const findLink = async (groupDocumentId: string, linkId: string) => {
    const group = await findGroup(groupDocumentId);
    const link = (await strapi.db.query(GROUP_MANAGER_UID).findOne({
      where: { documentId: linkId, group: { id: group.id } },
      populate: { user: { select: USER_FIELDS } },
    })) as Record<string, unknown> | null;
    if (!link)
      throw new errors.NotFoundError(`The group "${group.name}" has no manager link with the id ${linkId}.`);
    return link;
  };

  /**
   * A link's rights need the Group Manager role (its Content Manager permissions and workspace actions);
   * an admin without it is given it, and the answer says so. A Super Admin needs nothing more.
   */
  const ensureManagerRole = async (userId: number): Promise<boolean> => {
    const user = (await strapi.db.query(ADMIN_USER_UID).findOne({
      where: { id: userId },
      populate: { roles: { select: ['id', 'code'] } },
    })) as { roles?: Array<{ id: number; code: string }> } | null;
    const roles = user?.roles ?? [];
    if (roles.some((role) => role.code === 'strapi-super-admin' || role.code === GROUP_MANAGER_ROLE.code))
      return false;
    const role = (await strapi.db
      .query('admin::role')
      .findOne({ where: { code: GROUP_MANAGER_ROLE.code } })) as {
      id: number;
    } | null;
    if (!role) return false;
    await strapi.service('admin::user').updateById(userId, { roles: [...roles.map((r) => r.id), role.id] });
    return true;
  };

  /** A free slug made from the name, the way the Content Manager's "Regenerate" makes it. */
  const newSlug = (name: string): Promise<string> =>
    strapi
      .plugin('content-manager')
      .service('uid')
      .generateUIDField({ contentTypeUID: GROUP_UID, field: 'slug', data: { name } });

  return {
    async list(query: GroupListQuery) {
      const where: Record<string, unknown> = {};
      if (query.archived === 'active') where.archivedAt = { $null: true };
      if (query.archived === 'archived') where.archivedAt = { $notNull: true };
      if (query.search)
        where.$or = [{ name: { $containsi: query.search } }, { slug: { $containsi: query.search } }];
      const { offset, limit } = pageWindow(query);
      const [rows, total] = await Promise.all([
        groups().findMany({
          where,
          select: [...GROUP_COLUMNS],
          populate: COUNTS,
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
          offset,
          limit,
        }) as Promise<GroupRow[]>,
        groups().count({ where }),
      ]);
      return { data: await withCourseCounts(rows), meta: { pagination: paginationOf(query, total) } };
    },

    detail,

    async create(body: CreateBody) {
      await assertSlugFree(body.slug);
      await assertKnown(config().courseContentType, body.courseIds, 'course');
      await assertKnown(LEARNER_UID, body.memberIds, 'learner');
      const slug =
        body.slug ??
        ((await strapi
          .plugin('content-manager')
          .service('uid')
          .generateUIDField({
            contentTypeUID: GROUP_UID,
            field: 'slug',
            data: { name: body.name },
          })) as string);
      const created = (await strapi.documents(GROUP_UID).create({
        data: {
          name: body.name,
          slug,
          description: body.description ?? null,
          visibility: body.visibility,
          enrollmentPolicy: body.enrollmentPolicy ?? settings().defaultEnrollmentPolicy,
          seatLimit: body.seatLimit,
          courses: body.courseIds,
          members: body.memberIds,
          // The group-tree document middleware checks the parent (it exists, is active, no cycle, depth).
          ...(body.parentId ? { parent: body.parentId } : {}),
        } as never,
      })) as { documentId: string };
      return detail(created.documentId);
    },

    async update(documentId: string, body: UpdateBody) {
      await findGroup(documentId);
      await assertSlugFree(body.slug, documentId);
      if (body.courseIds) await assertKnown(config().courseContentType, body.courseIds, 'course');
      const { courseIds, parentId, ...fields } = body;
      await strapi.documents(GROUP_UID).update({
        documentId,
        data: {
          ...fields,
          ...(courseIds ? { courses: courseIds } : {}),
          // null takes the group to the top; the tree's rules answer a bad parent with a sentence.
          ...(parentId !== undefined ? { parent: parentId } : {}),
        } as never,
      });
      return detail(documentId);
    },

    async setArchived(documentId: string, archived: boolean) {
      await findGroup(documentId);
      await strapi.documents(GROUP_UID).update({
        documentId,
        data: { archivedAt: archived ? new Date().toISOString() : null } as never,
      });
      return detail(documentId);
    },

    /** What a new group starts from on the screen. */
    defaults() {
      return {
        enrollmentPolicy: settings().defaultEnrollmentPolicy,
        courseEditRule: settings().courseEditRule,
        maxGroupDepth: config().maxGroupDepth,
      };
    },

    /**
     * Active groups a group may be placed under, by name, each with its path: never the group being edited
     * nor one of its sub-groups (a cycle). Depth is left to the tree's rules, which say it in a sentence.
     */
    async groupOptions({ search, exclude }: GroupOptionsQuery): Promise<GroupOption[]> {
      const excluded = exclude ? await findGroup(exclude) : null;
      const rows = (await groups().findMany({
        where: {
          archivedAt: { $null: true },
          ...(search ? { name: { $containsi: search } } : {}),
          ...(excluded ? { id: { $ne: excluded.id } } : {}),
        },
        select: ['id', 'documentId', 'name'],
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        // Room for the excluded group's sub-groups that match too.
        limit: PICKER_LIMIT * 3,
      })) as Array<{ id: number; documentId: string; name: string }>;
      const { parentOf, option } = await treeAbove(rows);
      return rows
        .filter((row) => !excluded || !ancestorsOf(row.id, parentOf).includes(excluded.id))
        .slice(0, PICKER_LIMIT)
        .map((row) => option(row.id));
    },

    async courseOptions(search: string | undefined): Promise<CourseOption[]> {
      const { courseContentType, courseTitleField } = config();
      const rows = (await strapi.db.query(courseContentType as never).findMany({
        where: search ? { [courseTitleField]: { $containsi: search } } : {},
        select: ['documentId', courseTitleField, 'publishedAt'],
        orderBy: [{ [courseTitleField]: 'asc' }],
        limit: PICKER_LIMIT * 2,
      })) as Array<Record<string, unknown> & { documentId: string }>;
      return (await optionsOf(rows)).slice(0, PICKER_LIMIT);
    },

    async learnerOptions(search: string | undefined): Promise<LearnerOption[]> {
      const rows = (await strapi.db.query(LEARNER_UID).findMany({
        where: search
          ? { $or: [{ username: { $containsi: search } }, { email: { $containsi: search } }] }
          : {},
        select: ['documentId', 'username', 'email'],
        orderBy: [{ username: 'asc' }],
        limit: PICKER_LIMIT,
      })) as LearnerOption[];
      return rows.map(({ documentId, username, email }) => ({ documentId, username, email }));
    },

    async adminUserOptions(search: string | undefined): Promise<AdminUserOption[]> {
      const fields = ['firstname', 'lastname', 'username', 'email'];
      const rows = (await strapi.db.query(ADMIN_USER_UID).findMany({
        where: search ? { $or: fields.map((field) => ({ [field]: { $containsi: search } })) } : {},
        select: USER_FIELDS,
        orderBy: [{ firstname: 'asc' }, { lastname: 'asc' }, { id: 'asc' }],
        limit: PICKER_LIMIT,
      })) as Array<{ id: number; firstname?: string; lastname?: string; username?: string; email: string }>;
      return rows.map((user) => ({ id: user.id, name: adminName(user), email: user.email }));
    },

    async managers(groupDocumentId: string): Promise<ManagerLinkRow[]> {
      const group = await findGroup(groupDocumentId);
      const rows = (await strapi.db.query(GROUP_MANAGER_UID).findMany({
        where: { group: { id: group.id } },
        populate: { user: { select: USER_FIELDS } },
        orderBy: [{ title: 'asc' }, { id: 'asc' }],
      })) as Array<Record<string, unknown>>;
      return rows.filter((row) => row.user).map(linkRow);
    },

    async addManager(groupDocumentId: string, body: AddManagerBody) {
      const group = await findGroup(groupDocumentId);
      const user = await strapi.db
        .query(ADMIN_USER_UID)
        .findOne({ where: { id: body.userId }, select: ['id'] });
      if (!user) throw new errors.ValidationError(`No admin user has the id ${body.userId}.`);
      // The document service settles the link: a second link of this admin and group is refused with a
      // sentence, also when two requests race (the unique pair key; see services/entry-titles.ts).
      const created = (await strapi.documents(GROUP_MANAGER_UID).create({
        data: { user: body.userId, group: group.documentId, ...rightColumns(body.rights) } as never,
      })) as { documentId: string };
      const roleAdded = await ensureManagerRole(body.userId);
      return { data: linkRow(await findLink(groupDocumentId, created.documentId)), roleAdded };
    },

    async updateManager(groupDocumentId: string, linkId: string, rights: Rights) {
      await findLink(groupDocumentId, linkId);
      await strapi
        .documents(GROUP_MANAGER_UID)
        .update({ documentId: linkId, data: rightColumns(rights) as never });
      return { data: linkRow(await findLink(groupDocumentId, linkId)) };
    },

    async removeManager(groupDocumentId: string, linkId: string) {
      await findLink(groupDocumentId, linkId);
      await strapi.documents(GROUP_MANAGER_UID).delete({ documentId: linkId });
    },

    /**
     * Before a group's update: when the name changes and the slug is still the one made from the old name
     * (and the write leaves it as it is), the slug is made again from the new name.
     */
    async slugFollowingName(documentId: string, data: Record<string, unknown>): Promise<void> {
      if (typeof data.name !== 'string') return;
      const stored = (await groups().findOne({ where: { documentId }, select: ['name', 'slug'] })) as {
        name: string;
        slug: string;
      } | null;
      if (!stored || stored.name === data.name) return;
      if (data.slug !== undefined && data.slug !== stored.slug) return;
      if (!followsName(stored.slug, stored.name)) return;
      if (followsName(stored.slug, data.name)) return;
      data.slug = await newSlug(data.name);
    },

    /** How a course is shared, told to an admin editing it: for the notice in the course's edit view. */
    async courseSharing(actor: AdminActor, courseDocumentId: string) {
      const readable = await getService(strapi, 'scope').getCourseDocumentIds(actor);
      if (readable && !readable.includes(courseDocumentId))
        throw new Refusal('You can only see how the courses of your groups are shared.');
      const groupsUsing =
        (await getService(strapi, 'scope').groupsOfCourses([courseDocumentId])).get(courseDocumentId) ?? [];
      const scope = await getService(strapi, 'scope').getScope(actor);
      return {
        groupCount: groupsUsing.length,
        rule: settings().courseEditRule,
        groupsWithoutRight: groupsUsing.filter((id) => !hasRight(scope, id, 'editCourses')).length,
      };
    },
  };
};

export type GroupSetupService = ReturnType<typeof groupSetupService>;
export default groupSetupService;
