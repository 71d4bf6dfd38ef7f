import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { Refusal } from '../utils/messages';
import type { Knex } from 'knex';
import {
  CANDIDATE_LIMIT,
  type AddMemberBody,
  type ImportRow,
  type InviteBody,
  type ListMembersQuery,
  type Member,
  type MemberCandidate,
  type UpdateMemberBody,
} from '../../../common/contracts/members';
import {
  checkImportRows,
  defaultUsername,
  lookupKeys,
  summarizeImport,
  type ExistingAccount,
} from '../../../common/domain/member-import';
import { mayEditAccount } from '../../../common/domain/members';
import { hasRight, type Right, type Scope } from '../../../common/domain/rights';
import { ADMIN_USER_UID, GROUP_UID, INVITATION_UID, LEARNER_UID } from '../constants';
import type { Actor } from '../utils/actor';
import { getService } from '../utils/get-service';
import { defaultLearnerRoleId } from '../utils/learner-role';
import { addGroupMembers, appendLinks } from '../utils/links';
import { pageWindow, paginationOf } from '../utils/pagination';
import { chunk, columnOf, currentDb, linkOf, tableOf } from '../utils/tables';
import { whereAnyContains } from '../utils/search';
import { readImportSheet, type UploadedFile } from '../utils/spreadsheet';
import type { AdminActor } from './scope';
import type { GroupRef, Inviter } from './invitations';

const MEMBER_FIELDS = ['id', 'documentId', 'username', 'email', 'confirmed', 'blocked', 'createdAt'] as const;

/** The rights that show a group's members (the list route's own check). */
export const LIST_RIGHTS: Right[] = ['manageMembers', 'messageMembers'];

interface AccountRow {
  id: number;
  documentId: string;
  username: string;
  email: string;
  confirmed: boolean | null;
  blocked: boolean | null;
  createdAt: string | Date;
}

export const toMember = (row: AccountRow): Member => ({
  id: row.id,
  documentId: row.documentId,
  username: row.username,
  email: row.email,
  confirmed: Boolean(row.confirmed),
  blocked: Boolean(row.blocked),
  createdAt: new Date(row.createdAt).toISOString(),
});

const membersService = ({ strapi }: { strapi: Core.Strapi }) => {
  const invitations = () => getService(strapi, 'invitations');

  const memberIdsOf = async (groupId: number): Promise<number[]> => {
    const members = linkOf(strapi, GROUP_UID, 'members');
    const rows = (await strapi.db
      .getConnection(members.table)
      .select(members.targetColumn)
      .where(members.ownerColumn, groupId)) as Array<Record<string, number>>;
    return rows.map((row) => Number(row[members.targetColumn]));
  };

  const isMember = async (groupId: number, userId: number) => (await memberIdsOf(groupId)).includes(userId);

  /** The groups each learner belongs to, in one query. */
  const groupsOfLearners = async (userIds: readonly number[]): Promise<Map<number, number[]>> => {
    const members = linkOf(strapi, GROUP_UID, 'members');
    const groups = new Map<number, number[]>(userIds.map((id) => [id, []]));
    for (const ids of chunk([...userIds], 500)) {
      const rows = (await strapi.db
        .getConnection(members.table)
        .select(members.ownerColumn, members.targetColumn)
        .whereIn(members.targetColumn, ids)) as Array<Record<string, number>>;
      for (const row of rows)
        groups.get(Number(row[members.targetColumn]))?.push(Number(row[members.ownerColumn]));
    }
    return groups;
  };

  /** Which of these learners' accounts the actor may edit (mayEditAccount). */
  const editableAccounts = async (actor: AdminActor, userIds: readonly number[]) => {
    const scope = await getService(strapi, 'scope').getScope(actor);
    const groups = scope.all ? new Map<number, number[]>() : await groupsOfLearners(userIds);
    return new Set(userIds.filter((id) => mayEditAccount(scope, groups.get(id) ?? [])));
  };

  const inviterOf = async (actor: AdminActor): Promise<Inviter> => {
    const admin = await strapi.db.query(ADMIN_USER_UID).findOne({
      where: { id: actor.id },
      select: ['id', 'firstname', 'lastname', 'username', 'email'],
    });
    const name =
      [admin?.firstname, admin?.lastname].filter(Boolean).join(' ') ||
      admin?.username ||
      'Your group manager';
    return { id: actor.id, name, email: admin?.email ?? null };
  };

  const defaultRoleId = async (): Promise<number> => {
    const id = await defaultLearnerRoleId(strapi);
    if (id === null)
      throw new errors.ApplicationError('The users-permissions "authenticated" role is missing.');
    return id;
  };

  const accountsByEmail = async (emails: readonly string[]) => {
    const found = new Map<string, AccountRow & { password?: string | null }>();
    for (const part of chunk(emails, 500)) {
      const rows = await strapi.db.query(LEARNER_UID).findMany({
        where: { email: { $in: part } },
        select: [...MEMBER_FIELDS],
      });
      for (const row of rows as AccountRow[]) found.set(row.email.toLowerCase(), row);
    }
    return found;
  };

  const takenUsernames = async (usernames: readonly string[]) => {
    const taken = new Set<string>();
    for (const part of chunk(usernames, 500)) {
      const rows = await strapi.db.query(LEARNER_UID).findMany({
        where: { username: { $in: part } },
        select: ['username'],
      });
      for (const row of rows) taken.add(row.username);
    }
    return taken;
  };

  const assertNotArchived = (group: GroupRef & { archivedAt?: string | null }) => {
    if (group.archivedAt) {
      throw new errors.ValidationError(
        `The group "${group.name}" is archived: restore it before adding members.`
      );
    }
  };

  /** Creates unconfirmed accounts in bulk (no password: the learner chooses one from the invitation). */
  const createAccounts = async (
    trx: Knex.Transaction,
    accounts: ReadonlyArray<{ email: string; username: string }>
  ): Promise<number[]> => {
    if (accounts.length === 0) return [];
    const { ids } = await strapi.db.query(LEARNER_UID).createMany({
      data: accounts.map((account) => ({
        username: account.username,
        email: account.email,
        provider: 'local',
        confirmed: false,
        blocked: false,
      })),
    });
    const userIds = ids.map(Number);
    const roleId = await defaultRoleId();
    await appendLinks(
      strapi,
      trx,
      LEARNER_UID,
      'role',
      userIds.map((id) => [id, roleId] as const)
    );
    return userIds;
  };

  const findMemberAccount = async (groupId: number, userDocumentId: string) => {
    const user = (await strapi.db.query(LEARNER_UID).findOne({
      where: { documentId: userDocumentId },
      select: [...MEMBER_FIELDS],
    })) as AccountRow | null;
    if (!user || !(await isMember(groupId, user.id))) {
      throw new errors.NotFoundError('No member with that id in this group.');
    }
    return user;
  };

  const analyseImport = async (group: GroupRef, file: UploadedFile) => {
    const raw = await readImportSheet(file);
    const keys = lookupKeys(raw);
    const [accounts, taken, memberIds] = await Promise.all([
      accountsByEmail(keys.emails),
      takenUsernames(keys.usernames),
      memberIdsOf(group.id),
    ]);
    const members = new Set(memberIds);
    const lookup = new Map<string, ExistingAccount>();
    for (const [email, account] of accounts) {
      lookup.set(email, {
        id: account.id,
        email,
        username: account.username,
        blocked: Boolean(account.blocked),
        confirmed: Boolean(account.confirmed),
        isMember: members.has(account.id),
      });
    }
    const rows = checkImportRows(raw, { accountsByEmail: lookup, takenUsernames: taken });
    return { rows, lookup };
  };

  /** One page of the memberships of `groupIds` (by name, then account, then group) and their count. */
  const membershipPage = async (groupIds: readonly number[], query: ListMembersQuery) => {
    const members = linkOf(strapi, GROUP_UID, 'members');
    const U = (attribute: string) => `u.${columnOf(strapi, LEARNER_UID, attribute)}`;
    const db = await currentDb(strapi);
    const base = () => {
      const rows = db(`${members.table} as m`)
        .join(`${tableOf(strapi, LEARNER_UID)} as u`, 'u.id', `m.${members.targetColumn}`)
        .whereIn(`m.${members.ownerColumn}`, [...groupIds]);
      const search = query.search?.trim();
      if (search) whereAnyContains(rows, [U('username'), U('email')], search);
      return rows;
    };
    const { offset, limit } = pageWindow(query);
    const [rows, counted] = await Promise.all([
      base()
        .select(
          'u.id as id',
          `m.${members.ownerColumn} as groupId`,
          ...MEMBER_FIELDS.filter((field) => field !== 'id').map((field) => `${U(field)} as ${field}`)
        )
        .orderBy([{ column: U('username') }, { column: 'u.id' }, { column: `m.${members.ownerColumn}` }])
        .offset(offset)
        .limit(limit),
      base().count({ count: '*' }).first(),
    ]);
    return {
      rows: (rows as Array<AccountRow & { groupId: number }>).map((row) => ({
        ...row,
        id: Number(row.id),
        groupId: Number(row.groupId),
      })),
      total: Number((counted as { count: number | string } | undefined)?.count ?? 0),
    };
  };

  /** The page's groups with the path the scope may see (the tree code of reports and exports). */
  const groupsById = async (ids: readonly number[], scope: Scope) => {
    const rows = (await strapi.db.query(GROUP_UID).findMany({
      where: { id: { $in: [...ids] } },
      select: ['id', 'documentId', 'name'],
    })) as GroupRef[];
    const paths = await getService(strapi, 'group-tree').treeOf(scope, rows);
    return new Map(
      rows.map((row) => [
        row.id,
        { documentId: row.documentId, name: row.name, path: paths.get(row.id)?.path ?? row.name },
      ])
    );
  };

  return {
    memberIdsOf,

    /**
     * The group's members, one row per membership; with `subGroups` also the memberships of its sub-groups
     * in the caller's scope (`access.readableGroups`, so a sub-group outside it is left out), each row
     * naming its group by the path the caller may see and the caller's rights there.
     */
    async list(group: GroupRef, query: ListMembersQuery, actor: AdminActor) {
      const groupIds = query.subGroups
        ? ((await getService(strapi, 'access').readableGroups(actor, LIST_RIGHTS, [group.documentId], {
            subGroups: true,
          })) ?? [group.id])
        : [group.id];
      const { rows, total } = await membershipPage(groupIds, query);
      const scope = await getService(strapi, 'scope').getScope(actor);
      const [editable, groupsOf] = await Promise.all([
        editableAccounts(actor, [...new Set(rows.map((row) => row.id))]),
        groupsById([...new Set(rows.map((row) => row.groupId))], scope),
      ]);
      return {
        data: rows.map(({ groupId, ...row }) => ({
          ...toMember(row),
          canEdit: editable.has(row.id),
          group: groupsOf.get(groupId)!,
          canManage: hasRight(scope, groupId, 'manageMembers'),
          canMessage: hasRight(scope, groupId, 'messageMembers'),
        })),
        meta: {
          pagination: paginationOf(query, total),
          group: { documentId: group.documentId, name: group.name },
          subGroups: Boolean(query.subGroups),
        },
      };
    },

    async add(group: GroupRef & { archivedAt?: string | null }, body: AddMemberBody) {
      assertNotArchived(group);
      const user = (await strapi.db.query(LEARNER_UID).findOne({
        where: body.userId ? { documentId: body.userId } : { email: body.email },
        select: [...MEMBER_FIELDS],
      })) as AccountRow | null;
      if (!user) {
        throw new errors.NotFoundError(
          body.email ? `No account uses ${body.email}: invite them instead.` : 'No account with that id.'
        );
      }
      if (user.blocked)
        throw new errors.ValidationError(`The account ${user.email} is blocked and cannot join a group.`);
      if (await isMember(group.id, user.id))
        return { outcome: 'already-member' as const, member: toMember(user) };
      await strapi.db.transaction(async ({ trx }) => {
        await addGroupMembers(strapi, trx, [[group.id, user.id]]);
      });
      return { outcome: 'added' as const, member: toMember(user) };
    },

    /**
     * Invites an address: a new, unconfirmed account that joins the group when the learner confirms it.
     * A confirmed account joins at once (the manager may add existing users anyway); an account that was
     * invited before and never confirmed gets a fresh invitation to this group.
     */
    async invite(group: GroupRef & { archivedAt?: string | null }, actor: AdminActor, body: InviteBody) {
      assertNotArchived(group);
      const existing = (await accountsByEmail([body.email])).get(body.email);
      if (existing?.blocked) {
        throw new errors.ValidationError(`The account ${body.email} is blocked and cannot join a group.`);
      }
      if (existing && (await isMember(group.id, existing.id))) {
        return { outcome: 'already-member' as const, member: toMember(existing), emailSent: false };
      }
      if (existing?.confirmed) {
        await strapi.db.transaction(async ({ trx }) => {
          await addGroupMembers(strapi, trx, [[group.id, existing.id]]);
        });
        return { outcome: 'added' as const, member: toMember(existing), emailSent: false };
      }
      invitations().assertConfigured();
      const username = body.username ?? defaultUsername(body.email);
      if (!existing && (await takenUsernames([username])).size > 0) {
        throw new errors.ValidationError(
          body.username
            ? `username: ${username} belongs to another account.`
            : `username: ${username} belongs to another account; choose a username.`
        );
      }
      const inviter = await inviterOf(actor);
      const toSend = await strapi.db.transaction(async ({ trx }) => {
        const userId = existing
          ? existing.id
          : (await createAccounts(trx, [{ email: body.email, username }]))[0];
        return invitations().createMany(trx, group, inviter, [{ userId, email: body.email }]);
      });
      const result = await invitations().send(group, inviter, toSend);
      const pending = (await invitations().listPending(group.id)).find((row) => row.email === body.email);
      return { outcome: 'invited' as const, invitation: pending, emailSent: result.sent === 1 };
    },

    async resendInvitation(group: GroupRef, actor: AdminActor, invitationDocumentId: string) {
      invitations().assertConfigured();
      const invitation = await invitations().findPending(group.id, invitationDocumentId);
      if (!invitation.user) throw new errors.NotFoundError('The invited account no longer exists.');
      const inviter = await inviterOf(actor);
      const userId = invitation.user.id;
      const toSend = await strapi.db.transaction(({ trx }) =>
        invitations().createMany(trx, group, inviter, [{ userId, email: invitation.email }])
      );
      const result = await invitations().send(group, inviter, toSend);
      return { emailSent: result.sent === 1 };
    },

    /**
     * A manager edits the username or email of a member. Both are how the learner signs in, so a manager
     * may only change them for a learner whose every group they manage members of: otherwise one group's
     * manager could take over an account that other groups (and the rest of the site) rely on.
     */
    async update(group: GroupRef, actor: AdminActor, userDocumentId: string, body: UpdateMemberBody) {
      const user = await findMemberAccount(group.id, userDocumentId);
      if (!(await editableAccounts(actor, [user.id])).has(user.id)) {
        throw new Refusal(
          'This learner is also a member of groups you do not manage: ask a site administrator to change their account.'
        );
      }
      const data: Record<string, string> = {};
      for (const field of ['email', 'username'] as const) {
        const value = body[field];
        if (value === undefined || value === user[field]) continue;
        const clash = await strapi.db.query(LEARNER_UID).findOne({
          where: { [field]: value, id: { $ne: user.id } },
          select: ['id'],
        });
        if (clash) throw new errors.ValidationError(`${field}: ${value} belongs to another account.`);
        data[field] = value;
      }
      if (Object.keys(data).length === 0) return toMember(user);
      // Only these two columns, written directly: role, password, blocked and confirmed stay out of reach.
      const updated = await strapi.db.query(LEARNER_UID).update({
        where: { id: user.id },
        data,
        select: [...MEMBER_FIELDS],
      });
      return toMember(updated as AccountRow);
    },

    /** Removes a member; their open enrollments in this group are cancelled in the same transaction. */
    async remove(group: GroupRef, actor: Actor, userDocumentId: string) {
      const user = await findMemberAccount(group.id, userDocumentId);
      return strapi.db.transaction(async () => {
        const cancelledEnrollments = await getService(strapi, 'enrollment').cancelOpenEnrollmentsOfMember({
          groupId: group.id,
          learnerId: user.id,
          actor,
          reason: 'Removed from the group',
        });
        await strapi.db.query(GROUP_UID).update({
          where: { id: group.id },
          data: { members: { disconnect: [user.id] } },
          select: ['id'],
        });
        await strapi.db.query(INVITATION_UID).deleteMany({
          where: { group: { id: group.id }, user: { id: user.id }, acceptedAt: { $null: true } },
        });
        await getService(strapi, 'membership-rules').removedByHand(await currentDb(strapi), [
          { groupId: group.id, learnerId: user.id },
        ]);
        return { removed: true as const, cancelledEnrollments };
      });
    },

    /**
     * Accounts the actor may add to the group, by name or email: only members of the groups where the
     * actor manages members (every account for a Super Admin), so the search never tells a manager that
     * an address outside those groups has an account. Blocked accounts and current members are left out.
     */
    async candidates(group: GroupRef, actor: AdminActor, search: string | undefined) {
      const visible = await getService(strapi, 'scope').getLearnerIds(actor, 'manageMembers');
      const members = await memberIdsOf(group.id);
      const where: Record<string, unknown> = {
        blocked: { $ne: true },
        id: visible === null ? { $notIn: members } : { $in: visible.filter((id) => !members.includes(id)) },
      };
      const text = search?.trim();
      if (text) where.$or = [{ username: { $containsi: text } }, { email: { $containsi: text } }];
      const rows = (await strapi.db.query(LEARNER_UID).findMany({
        where,
        select: ['documentId', 'username', 'email'],
        orderBy: [{ username: 'asc' }, { id: 'asc' }],
        limit: CANDIDATE_LIMIT,
      })) as MemberCandidate[];
      return rows.map(({ documentId, username, email }) => ({ documentId, username, email }));
    },

    async previewImport(group: GroupRef, file: UploadedFile) {
      const { rows } = await analyseImport(group, file);
      return { fileName: file.originalFilename ?? 'upload', summary: summarizeImport(rows), rows };
    },

    /**
     * Applies an import all or nothing: the file is read and checked again (the database may have changed
     * since the preview), any row error refuses the whole file, and every write happens in one transaction
     * with multi-row inserts. Invitations are emailed once the transaction has committed.
     */
    async applyImport(
      group: GroupRef & { archivedAt?: string | null },
      actor: AdminActor,
      file: UploadedFile,
      options: { skipInvalid?: boolean } = {}
    ) {
      assertNotArchived(group);
      const { rows, lookup } = await analyseImport(group, file);
      const summary = summarizeImport(rows);
      if (summary.errors > 0 && !options.skipInvalid) {
        const failing = rows.filter((row) => row.outcome === 'error');
        throw new errors.ValidationError(
          `The file has ${summary.errors} row(s) with errors; nothing was imported. First: row ${failing[0].row}: ${failing[0].errors[0].message}`,
          { rows: failing.slice(0, 200) as ImportRow[] }
        );
      }
      const toAdd = rows.filter((row) => row.outcome === 'add').map((row) => lookup.get(row.email)!);
      const toInvite = rows.filter((row) => row.outcome === 'invite');
      if (toInvite.length > 0) invitations().assertConfigured();
      const inviter = await inviterOf(actor);
      const toSend = await strapi.db.transaction(async ({ trx }) => {
        await addGroupMembers(
          strapi,
          trx,
          toAdd.map((account) => [group.id, account.id] as const)
        );
        const fresh = toInvite.filter((row) => !lookup.has(row.email));
        const createdIds = await createAccounts(
          trx,
          fresh.map((row) => ({ email: row.email, username: row.username }))
        );
        const createdByEmail = new Map(fresh.map((row, i) => [row.email, createdIds[i]]));
        return invitations().createMany(
          trx,
          group,
          inviter,
          toInvite.map((row) => ({
            userId: lookup.get(row.email)?.id ?? createdByEmail.get(row.email)!,
            email: row.email,
          }))
        );
      });
      const sent =
        toSend.length > 0 ? await invitations().send(group, inviter, toSend) : { sent: 0, failed: 0 };
      return { summary, invitationsSent: sent.sent, invitationsFailed: sent.failed };
    },
  };
};

export type MembersService = ReturnType<typeof membersService>;
export default membersService;
