/**
 * Membership rules: a group fills itself from the users-permissions user's own attributes. A rule is
 * applied in bounded SQL, whichever number of users the site has: the users who match and are not members
 * yet are added by one INSERT … SELECT (and recorded as the rule's members), those the rule added who no
 * longer match leave by one DELETE (their open enrollments cancelled with history first, attributed to
 * `rule:<documentId>`). The same reconciliation runs for one user after each create or update of a user,
 * whichever way it arrives (registration, an SSO callback, the Content Manager, an import): a database
 * lifecycle hands the ids over (`followChanges`). A member added by hand is never removed by a rule, and a
 * member removed by hand (whichever way: the Members page, the Content Manager on either side of the
 * relation, MCP) is never added back by it: `removedByHand` records them as left out (`excludedAt`), until
 * the rule is deleted or a manager adds them again by hand. Deleting a group deletes its rule and rows.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { Refusal } from '../utils/messages';
import type { Knex } from 'knex';
import type {
  MembershipRule,
  RuleBody,
  RulePreview,
  RuleResponse,
  SaveRuleResponse,
} from '../../../common/contracts/membership-rules';
import {
  RULE_FIELD_KINDS,
  operatorsFor,
  type RuleCondition,
  type RuleDefinition,
} from '../../../common/domain/membership-rules';
import { groupsWithRight, hasRight } from '../../../common/domain/rights';
import {
  userFieldOf,
  userFieldProblem,
  type UserField,
  type UserFieldKind,
} from '../../../common/domain/user-fields';
import { GROUP_UID, LEARNER_UID } from '../constants';
import type { PluginConfig } from '../config';
import { getService } from '../utils/get-service';
import { chunk, columnOf, linkOf, tableOf, type Db } from '../utils/tables';
import { resolveUserFields, userAttributes } from '../utils/user-fields';
import type { AccessGroup } from './access';
import type { AdminActor } from './scope';

export const RULE_UID = 'plugin::groups.membership-rule';
export const RULE_MEMBER_UID = 'plugin::groups.rule-member';

/** A (group, user) membership, as the members link table holds it. */
export interface MemberPair {
  groupId: number;
  learnerId: number;
}

/** A database lifecycle event of a bulk delete, with the state its before- and after-hooks share. */
interface DeleteManyEvent {
  params?: { where?: Record<string, unknown> };
  state: Record<string, unknown>;
}

const pairKey = (pair: MemberPair) => `${pair.groupId}:${pair.learnerId}`;

interface StoredRule extends RuleDefinition {
  id: number;
  documentId: string;
  groupId: number;
  updatedAt: string | Date;
}

/** `%suffix` for `lower(column) like ? escape '\'`, the LIKE wildcards taken literally. */
const endsWithPattern = (suffix: string) => `%${suffix.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}`;

const membershipRulesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::groups') as PluginConfig;
  const knex = () => strapi.db.connection as unknown as Knex;
  const qualified = (table: string) => {
    const schema = strapi.db.getSchemaName();
    return schema ? `${schema}.${table}` : table;
  };
  const members = () => linkOf(strapi, GROUP_UID, 'members');
  const users = () => qualified(tableOf(strapi, LEARNER_UID));
  const ruleMembers = () => ({
    table: qualified(tableOf(strapi, RULE_MEMBER_UID)),
    group: columnOf(strapi, RULE_MEMBER_UID, 'groupId'),
    user: columnOf(strapi, RULE_MEMBER_UID, 'userId'),
    excludedAt: columnOf(strapi, RULE_MEMBER_UID, 'excludedAt'),
    createdAt: columnOf(strapi, RULE_MEMBER_UID, 'createdAt'),
    updatedAt: columnOf(strapi, RULE_MEMBER_UID, 'updatedAt'),
  });

  /** The kind of each attribute a rule names; a 400 naming the first unknown, private or unusable one. */
  const fieldsOf = (conditions: readonly RuleCondition[]): Record<string, UserField> => {
    const names = [...new Set(conditions.map((c) => c.attribute))];
    const resolved = resolveUserFields(strapi, names, RULE_FIELD_KINDS);
    if (!resolved.ok) throw new errors.ValidationError(`conditions: ${resolved.message}`);
    const fields = Object.fromEntries(resolved.fields.map((f) => [f.name, f]));
    conditions.forEach((condition, i) => {
      const field = fields[condition.attribute];
      const where = `conditions.${i}`;
      if (!operatorsFor(field.kind).includes(condition.operator)) {
        throw new errors.ValidationError(
          `${where}.operator: ${condition.attribute} is ${field.kind}; use ${operatorsFor(field.kind).join(' or ')}.`
        );
      }
      for (const value of condition.values) {
        if (field.kind === 'boolean' ? typeof value !== 'boolean' : typeof value !== 'string') {
          throw new errors.ValidationError(
            `${where}.values: ${condition.attribute} takes ${field.kind === 'boolean' ? 'true or false' : 'text'}.`
          );
        }
        if (field.kind === 'enumeration' && !field.values?.includes(value as string)) {
          throw new errors.ValidationError(
            `${where}.values: ${condition.attribute} is one of ${(field.values ?? []).join(', ')}.`
          );
        }
      }
    });
    return fields;
  };

  /** The rule's conditions on the users table aliased `u`: the SQL twin of `ruleMatches`. */
  const whereMatches = (rule: RuleDefinition, fields: Record<string, UserField>) =>
    function (this: Knex.QueryBuilder) {
      for (const condition of rule.conditions) {
        const column = `u.${columnOf(strapi, LEARNER_UID, condition.attribute)}`;
        const kind: UserFieldKind = fields[condition.attribute].kind;
        const one = function (this: Knex.QueryBuilder) {
          if (kind === 'boolean') this.where(column, condition.values[0] as boolean);
          else if (kind === 'enumeration') this.whereIn(column, condition.values as string[]);
          else if (condition.operator === 'endsWith') {
            this.whereRaw(`lower(??) like ? escape '\\'`, [
              column,
              endsWithPattern(String(condition.values[0])),
            ]);
          } else {
            const lowered = condition.values.map((v) => String(v).toLowerCase());
            this.whereRaw(`lower(??) in (${lowered.map(() => '?').join(', ')})`, [column, ...lowered]);
          }
        };
        if (rule.match === 'all') this.where(one);
        else this.orWhere(one);
      }
    };

  /** Users (`u`) who match, limited to `userIds` when given. */
  const matching = (db: Db, rule: RuleDefinition, fields: Record<string, UserField>, userIds?: number[]) => {
    const query = db.from({ u: users() }).where(whereMatches(rule, fields));
    if (userIds) query.whereIn('u.id', userIds);
    return query;
  };

  const notMemberOf = (db: Db, groupId: number) =>
    function (this: Knex.QueryBuilder) {
      const link = members();
      this.whereNotExists(
        db
          .from({ m: qualified(link.table) })
          .select(db.raw('1'))
          .where(`m.${link.ownerColumn}`, groupId)
          .whereRaw('?? = ??', [`m.${link.targetColumn}`, 'u.id'])
      );
    };

  /**
   * Users (`u`) with a row of the group's rule: its members, and (unless `keptOnly`) those left out after
   * a removal by hand.
   */
  const rowIn = (db: Db, groupId: number, keptOnly = false) => {
    const rm = ruleMembers();
    const query = db
      .from({ rx: rm.table })
      .select(db.raw('1'))
      .where(`rx.${rm.group}`, groupId)
      .whereRaw('?? = ??', [`rx.${rm.user}`, 'u.id']);
    return keptOnly ? query.whereNull(`rx.${rm.excludedAt}`) : query;
  };
  const notRecordedIn = (db: Db, groupId: number) =>
    function (this: Knex.QueryBuilder) {
      this.whereNotExists(rowIn(db, groupId));
    };

  /** `insert into table (columns) select …`: one statement, whatever number of rows the select yields. */
  const insertSelect = async (
    db: Db,
    table: string,
    columns: string[],
    select: Knex.QueryBuilder,
    tail = ''
  ) => {
    const head = db
      .raw(`insert into ?? (${columns.map(() => '??').join(', ')})`, [table, ...columns])
      .toQuery();
    const { sql, bindings } = select.toSQL();
    await db.raw(`${head} ${sql}${tail}`, bindings as readonly Knex.Value[]);
  };

  /**
   * Brings the group's membership in line with its rule, for every user or for `userIds`: adds who
   * matches (two INSERT … SELECT), and removes who the rule added and no longer matches when the rule
   * says leave. Runs in the caller's transaction.
   */
  const reconcile = async (db: Db, rule: StoredRule, userIds?: number[]) => {
    const fields = fieldsOf(rule.conditions);
    const groupId = rule.groupId;
    const link = members();
    const rm = ruleMembers();
    const now = new Date();
    const addable = () =>
      matching(db, rule, fields, userIds).where(notMemberOf(db, groupId)).where(notRecordedIn(db, groupId));
    const [{ n }] = await addable().count({ n: '*' });
    const added = Number(n);
    if (added > 0) {
      // Recorded first, while "not a member yet" still tells them apart from members added by hand.
      // (No row of this group yet either, so nothing conflicts; the clause only guards a race.)
      await insertSelect(
        db,
        rm.table,
        [rm.group, rm.user, rm.createdAt, rm.updatedAt],
        addable().select(db.raw('?', [groupId]), 'u.id', db.raw('?', [now]), db.raw('?', [now])),
        ' on conflict do nothing'
      );
      // Now told apart by their fresh row: kept by the rule, and not a member (stale rows were settled).
      const select = matching(db, rule, fields, userIds)
        .where(notMemberOf(db, groupId))
        .whereExists(rowIn(db, groupId, true))
        .select(db.raw('?', [groupId]), 'u.id');
      const columns = [link.ownerColumn, link.targetColumn];
      // Strapi's order columns: after the group's last member, and after the user's last group.
      if (link.ownerOrderColumn) {
        columns.push(link.ownerOrderColumn);
        select.select(
          db.raw(`(select coalesce(max(??), 0) from ?? where ?? = ?) + row_number() over (order by ??)`, [
            link.ownerOrderColumn,
            qualified(link.table),
            link.ownerColumn,
            groupId,
            'u.id',
          ])
        );
      }
      if (link.targetOrderColumn) {
        columns.push(link.targetOrderColumn);
        select.select(
          db.raw(`(select coalesce(max(??), 0) from ?? as o where ?? = ??) + 1`, [
            `o.${link.targetOrderColumn}`,
            qualified(link.table),
            `o.${link.targetColumn}`,
            'u.id',
          ])
        );
      }
      await insertSelect(db, qualified(link.table), columns, select);
    }

    if (rule.onLeave !== 'leave') return { added, removed: 0 };
    const leaving = db
      .from({ r: rm.table })
      .select(`r.${rm.user}`)
      .where(`r.${rm.group}`, groupId)
      .whereNull(`r.${rm.excludedAt}`)
      .whereNotIn(`r.${rm.user}`, matching(db, rule, fields, userIds).select('u.id'));
    if (userIds) leaving.whereIn(`r.${rm.user}`, userIds);
    const leavers = ((await leaving) as Array<Record<string, unknown>>).map((row) => Number(row[rm.user]));
    if (leavers.length === 0) return { added, removed: 0 };
    await getService(strapi, 'enrollment').cancelOpenEnrollmentsOfMembers({
      members: leavers.map((learnerId) => ({ groupId, learnerId })),
      actor: { kind: 'system', label: `rule:${rule.documentId}` },
      reason: 'No longer matches the group’s membership rule.',
    });
    for (const part of chunk(leavers)) {
      await db
        .from(qualified(link.table))
        .where(link.ownerColumn, groupId)
        .whereIn(link.targetColumn, part)
        .delete();
      await db.from(rm.table).where(rm.group, groupId).whereIn(rm.user, part).delete();
    }
    return { added, removed: leavers.length };
  };

  const findRule = async (groupId: number): Promise<StoredRule | null> =>
    (await strapi.db.query(RULE_UID).findOne({ where: { groupId } })) as StoredRule | null;

  const toRule = async (rule: StoredRule, db: Db = knex()): Promise<MembershipRule> => {
    const rm = ruleMembers();
    const link = members();
    const [{ n, excluded }] = await db
      .from({ r: rm.table })
      .where(`r.${rm.group}`, rule.groupId)
      .select(
        // Kept: a row without exclusion whose membership still stands (a stale row is settled later).
        db.raw(
          `coalesce(sum(case when ?? is null and exists (select 1 from ?? as m where ?? = ?? and ?? = ??) then 1 else 0 end), 0) as n`,
          [
            `r.${rm.excludedAt}`,
            qualified(link.table),
            `m.${link.ownerColumn}`,
            `r.${rm.group}`,
            `m.${link.targetColumn}`,
            `r.${rm.user}`,
          ]
        ),
        db.raw(`coalesce(sum(case when ?? is null then 0 else 1 end), 0) as excluded`, [`r.${rm.excludedAt}`])
      );
    return {
      documentId: rule.documentId,
      match: rule.match,
      conditions: rule.conditions,
      onLeave: rule.onLeave,
      updatedAt: new Date(rule.updatedAt).toISOString(),
      ruleMembers: Number(n),
      excluded: Number(excluded),
    };
  };

  /** Only the site owner, or managers with the members right when the site owner allows it in config. */
  const mayEdit = async (actor: AdminActor, group: AccessGroup) => {
    const scope = await getService(strapi, 'scope').getScope(actor);
    return scope.all || (config().managersMayEditRules && hasRight(scope, group.id, 'manageMembers'));
  };
  const assertMayEdit = async (actor: AdminActor, group: AccessGroup) => {
    if (!(await mayEdit(actor, group))) {
      throw new Refusal(
        'Only a Super Admin may change membership rules (the site can let group managers do it with managersMayEditRules).'
      );
    }
  };

  /** The (group, user) keys of the rule rows of `pairs` (only those a rule keeps, with `keptOnly`). */
  const recordedPairs = async (db: Db, pairs: readonly MemberPair[], keptOnly: boolean) => {
    const rm = ruleMembers();
    const groups = [...new Set(pairs.map((p) => p.groupId))];
    const users = [...new Set(pairs.map((p) => p.learnerId))];
    // Asked by the shorter side: one group's members, or one learner's groups, in a few statements.
    const [column, ids] = groups.length <= users.length ? [rm.group, groups] : [rm.user, users];
    const keys = new Set<string>();
    for (const part of chunk(ids)) {
      const query = db.from(rm.table).select(rm.group, rm.user).whereIn(column, part);
      if (keptOnly) query.whereNull(rm.excludedAt);
      for (const row of (await query) as Array<Record<string, unknown>>) {
        keys.add(pairKey({ groupId: Number(row[rm.group]), learnerId: Number(row[rm.user]) }));
      }
    }
    return keys;
  };

  /**
   * A rule member whose membership went by a path that told nobody (a direct query-engine write): their
   * row becomes an exclusion, as a removal by hand, before the rule looks at them (or their group) again.
   */
  const settle = async (db: Db, of: { userIds: number[] } | { groupId: number }) => {
    const rm = ruleMembers();
    const link = members();
    const now = new Date();
    const selections =
      'groupId' in of
        ? [db(rm.table).where(rm.group, of.groupId)]
        : chunk(of.userIds).map((part) => db(rm.table).whereIn(rm.user, part));
    for (const rows of selections) {
      await rows
        .whereNull(rm.excludedAt)
        .whereNotExists(
          db
            .from({ m: qualified(link.table) })
            .select(db.raw('1'))
            .whereRaw('?? = ??', [`m.${link.ownerColumn}`, `${rm.table}.${rm.group}`])
            .whereRaw('?? = ??', [`m.${link.targetColumn}`, `${rm.table}.${rm.user}`])
        )
        .update({ [rm.excludedAt]: now, [rm.updatedAt]: now });
    }
  };

  const service = {
    async get(actor: AdminActor, group: AccessGroup): Promise<RuleResponse> {
      const rule = await findRule(group.id);
      // Every attribute a rule may read, by name: what the rule editor offers.
      const fields = Object.entries(userAttributes(strapi)).flatMap(([name, attribute]) =>
        userFieldProblem(name, attribute, RULE_FIELD_KINDS) ? [] : [userFieldOf(name, attribute!)]
      );
      return {
        data: rule ? await toRule(rule) : null,
        meta: { fields, mayEdit: await mayEdit(actor, group) },
      };
    },

    /**
     * How many users the rule would add and remove. A scoped manager's counts cover only members of their
     * own groups: a condition must not tell them how many of the site's other users hold some value.
     */
    async preview(actor: AdminActor, group: AccessGroup, body: RuleBody): Promise<RulePreview> {
      await assertMayEdit(actor, group);
      const fields = fieldsOf(body.conditions);
      const db = knex();
      const scope = await getService(strapi, 'scope').getScope(actor);
      const visible = groupsWithRight(scope, 'manageMembers');
      const link = members();
      const adds = matching(db, body, fields)
        .where(notMemberOf(db, group.id))
        .where(notRecordedIn(db, group.id));
      if (visible) {
        adds.whereIn(
          'u.id',
          db.from(qualified(link.table)).select(link.targetColumn).whereIn(link.ownerColumn, visible)
        );
      }
      const [{ n: addCount }] = await adds.count({ n: '*' });
      let removes = 0;
      if (body.onLeave === 'leave') {
        const rm = ruleMembers();
        const [{ n }] = await db
          .from({ r: rm.table })
          .where(`r.${rm.group}`, group.id)
          .whereNull(`r.${rm.excludedAt}`)
          .whereNotIn(`r.${rm.user}`, matching(db, body, fields).select('u.id'))
          .count({ n: '*' });
        removes = Number(n);
      }
      return { adds: Number(addCount), removes, limited: visible !== null };
    },

    /** Saves the group's rule and applies it at once, in one transaction. */
    async save(actor: AdminActor, group: AccessGroup, body: RuleBody): Promise<SaveRuleResponse> {
      await assertMayEdit(actor, group);
      if (group.archivedAt) {
        throw new errors.ValidationError(
          `The group "${group.name}" is archived: restore it before giving it a rule.`
        );
      }
      fieldsOf(body.conditions);
      return strapi.db.transaction(async ({ trx }) => {
        const existing = await findRule(group.id);
        const data = { ...body, groupId: group.id, editedBy: actor.id };
        const rule = (
          existing
            ? await strapi.db.query(RULE_UID).update({ where: { id: existing.id }, data })
            : await strapi.db.query(RULE_UID).create({ data })
        ) as StoredRule;
        await settle(trx as unknown as Db, { groupId: group.id });
        const { added, removed } = await reconcile(trx as unknown as Db, rule);
        return { data: await toRule(rule, trx as unknown as Db), meta: { added, removed } };
      });
    },

    /**
     * Deletes the rule; the members it added stay, as members added by hand, and those it left out may
     * be added by a later rule again.
     */
    async remove(actor: AdminActor, group: AccessGroup) {
      await assertMayEdit(actor, group);
      const rule = await findRule(group.id);
      if (!rule) throw new errors.NotFoundError('This group has no membership rule.');
      await strapi.db.transaction(() => service.forgetGroup(group.id));
      return { removed: true as const };
    },

    /** The group's rule and its rows, gone: when the rule or the group itself is deleted. */
    async forgetGroup(groupId: number) {
      await service.forgetGroups([groupId]);
    },

    /** Deleted groups: their rules and rule rows go too. */
    async forgetGroups(groupIds: readonly number[]) {
      for (const part of chunk(groupIds, 500)) {
        await strapi.db.query(RULE_UID).deleteMany({ where: { groupId: { $in: part } } });
        await strapi.db.query(RULE_MEMBER_UID).deleteMany({ where: { groupId: { $in: part } } });
      }
    },

    /** Deleted users: their rule rows go too. */
    async forgetUsers(userIds: readonly number[]) {
      for (const part of chunk(userIds, 500)) {
        await strapi.db.query(RULE_MEMBER_UID).deleteMany({ where: { userId: { $in: part } } });
      }
    },

    /**
     * The pairs among `pairs` that a rule keeps (rows without exclusion): taken before a write that may
     * take members out, so `removedByHand` can tell the rule's own removals (their row is gone) apart.
     */
    async keptPairs(db: Db, pairs: readonly MemberPair[]): Promise<Set<string>> {
      return recordedPairs(db, pairs, true);
    },

    /**
     * Members taken out of groups by anything but the rule: in a group with a rule each is recorded as
     * left out, so the rule does not add them back on their next update (a rule member's row becomes the
     * exclusion). Pairs the rule itself took out during the same write (kept in `keptBefore`, row gone
     * now) are not exclusions: they may come back when they match again. Runs in the caller's transaction.
     */
    async removedByHand(db: Db, removed: readonly MemberPair[], keptBefore: Set<string> = new Set()) {
      if (removed.length === 0) return;
      const groupColumn = columnOf(strapi, RULE_UID, 'groupId');
      const ruled = new Set<number>();
      for (const part of chunk([...new Set(removed.map((p) => p.groupId))])) {
        const rows = (await db
          .from(qualified(tableOf(strapi, RULE_UID)))
          .select(groupColumn)
          .whereIn(groupColumn, part)) as Array<Record<string, unknown>>;
        rows.forEach((row) => ruled.add(Number(row[groupColumn])));
      }
      let pairs = removed.filter((p) => ruled.has(p.groupId));
      if (pairs.length === 0) return;
      if (pairs.some((p) => keptBefore.has(pairKey(p)))) {
        const still = await recordedPairs(db, pairs, false);
        pairs = pairs.filter((p) => !keptBefore.has(pairKey(p)) || still.has(pairKey(p)));
      }
      const rm = ruleMembers();
      const now = new Date();
      for (const part of chunk(pairs)) {
        await db(rm.table)
          .insert(
            part.map((p) => ({
              [rm.group]: p.groupId,
              [rm.user]: p.learnerId,
              [rm.excludedAt]: now,
              [rm.createdAt]: now,
              [rm.updatedAt]: now,
            }))
          )
          .onConflict([rm.group, rm.user])
          .merge([rm.excludedAt, rm.updatedAt]);
      }
    },

    /** Every rule, reconciled for these users: after a user is created or updated. */
    async syncUsers(userIds: number[]) {
      const ids = [...new Set(userIds.filter((id) => Number.isInteger(id)))];
      if (ids.length === 0) return;
      const rules = (await strapi.db.query(RULE_UID).findMany({})) as StoredRule[];
      if (rules.length === 0) return;
      const archived = new Set(
        (
          await strapi.db.query(GROUP_UID).findMany({
            where: { id: { $in: rules.map((r) => r.groupId) }, archivedAt: { $notNull: true } },
            select: ['id'],
          })
        ).map((g) => g.id as number)
      );
      await strapi.db.transaction(async ({ trx }) => {
        await settle(trx as unknown as Db, { userIds: ids });
        for (const rule of rules) {
          if (!archived.has(rule.groupId)) await reconcile(trx as unknown as Db, rule, ids);
        }
      });
    },

    /**
     * Hands every create and update of a users-permissions user to `syncUsers`, whichever way it comes,
     * and drops the rows of a deleted user or group (a deleted group's rule too), inside the delete's
     * transaction when it has one (the document service's does).
     */
    followChanges() {
      // A bulk delete (`deleteMany`) reports a count, not ids: the ids are read before it, kept in the
      // event's state, and forgotten after it, in the same transaction as the single delete's.
      const beforeDeleteMany = (uid: string) => async (event: DeleteManyEvent) => {
        const rows = (await strapi.db.query(uid).findMany({
          where: event.params?.where ?? {},
          select: ['id'],
        })) as Array<{ id: number }>;
        event.state.deletedIds = rows.map((row) => Number(row.id));
      };
      const deletedIds = (event: DeleteManyEvent) => (event.state.deletedIds as number[] | undefined) ?? [];
      const idOf = (event: { result?: { id?: number } }) =>
        [Number(event.result?.id)].filter((id) => Number.isInteger(id));
      strapi.db.lifecycles.subscribe({
        models: [LEARNER_UID],
        afterCreate: async (event: { result?: { id?: number } }) =>
          service.syncUsers([Number(event.result?.id)]),
        afterCreateMany: async (event: { result?: { ids?: number[] } }) =>
          service.syncUsers((event.result?.ids ?? []).map(Number)),
        afterUpdate: async (event: { result?: { id?: number } }) =>
          service.syncUsers([Number(event.result?.id)]),
        afterDelete: async (event: { result?: { id?: number } }) => service.forgetUsers(idOf(event)),
        beforeDeleteMany: beforeDeleteMany(LEARNER_UID),
        afterDeleteMany: async (event: DeleteManyEvent) => service.forgetUsers(deletedIds(event)),
      } as never);
      strapi.db.lifecycles.subscribe({
        models: [GROUP_UID],
        afterDelete: async (event: { result?: { id?: number } }) => service.forgetGroups(idOf(event)),
        beforeDeleteMany: beforeDeleteMany(GROUP_UID),
        afterDeleteMany: async (event: DeleteManyEvent) => service.forgetGroups(deletedIds(event)),
      } as never);
    },
  };

  return service;
};

export type MembershipRulesService = ReturnType<typeof membershipRulesService>;
export default membershipRulesService;
