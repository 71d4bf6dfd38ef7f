import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { PluginConfig } from '../config';
import {
  ADMIN_USER_UID,
  ENROLLMENT_UID,
  GROUP_MANAGER_UID,
  GROUP_UID,
  LEARNER_UID,
  PLUGIN_ID,
} from '../constants';
import { chunk, columnOf, currentDb, linkOf, tableIn, tableOf, type Db } from '../utils/tables';

/** What a title shows where the related record is missing. */
const NO_ADMIN = '(no admin user)';
const NO_GROUP = '(no group)';
const NO_LEARNER = '(no learner)';
const NO_COURSE = '(no course)';
const SEPARATOR = ' — ';

const BACKFILL_CHUNK = 500;

interface LinkFacts {
  userId: number | null;
  groupId: number | null;
  manager: string | null;
  group: string | null;
}

/** PostgreSQL and SQLite codes for a unique index refusing a row. */
const isUniqueViolation = (error: unknown): boolean => {
  const code = (error as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
};

export const duplicateLinkError = (facts: Pick<LinkFacts, 'manager' | 'group'>) =>
  new errors.ValidationError(
    `${facts.manager ?? 'This admin user'} already manages "${facts.group ?? 'this group'}"; edit that link instead.`,
    { code: 'DUPLICATE_GROUP_MANAGER' }
  );

/**
 * Titles of GroupManager links ("Anna de Vries — Amsterdam nursing team") and enrollments ("learner — course
 * — group"). The Content Manager titles an entry, lists it and shows it in relation pickers by one attribute
 * of the type itself (its mainField), so the title is a stored column, written by one SQL statement from the
 * related rows: after every write of the entry, when a name it shows changes, and at bootstrap for rows that
 * have none. The same statement writes a link's pair key ("adminId:groupId"), on which a unique index makes a
 * second link of one admin and one group impossible, also when two writers race (see the schema's indexes).
 */
const entryTitlesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const quote = (db: Db, name: string): string => {
    const schema = strapi.db.getSchemaName();
    return db.raw('??', [schema ? `${schema}.${name}` : name]).toQuery();
  };
  const col = (db: Db, alias: string, uid: string, attribute: string) =>
    `${alias}.${db.raw('??', [columnOf(strapi, uid, attribute)]).toQuery()}`;

  /** `SELECT <value> FROM <owner's link to a target> ... WHERE the link's owner = <owner>`, one row. */
  const viaLink = (
    db: Db,
    ownerUid: string,
    attribute: string,
    targetUid: string,
    value: (alias: string) => string,
    owner: string,
    order = ''
  ) => {
    const link = linkOf(strapi, ownerUid, attribute);
    const l = (c: string) => `l.${db.raw('??', [c]).toQuery()}`;
    return `(SELECT ${value('x')} FROM ${quote(db, link.table)} l JOIN ${quote(db, tableOf(strapi, targetUid))} x ON x.id = ${l(link.targetColumn)} WHERE ${l(link.ownerColumn)} = ${owner}${order} LIMIT 1)`;
  };

  const adminName = (db: Db) => (a: string) =>
    `COALESCE(NULLIF(TRIM(COALESCE(${col(db, a, ADMIN_USER_UID, 'firstname')}, '') || ' ' || COALESCE(${col(db, a, ADMIN_USER_UID, 'lastname')}, '')), ''), ${col(db, a, ADMIN_USER_UID, 'username')}, ${col(db, a, ADMIN_USER_UID, 'email')})`;
  const groupName = (db: Db) => (g: string) => col(db, g, GROUP_UID, 'name');

  const link = {
    manager: (db: Db, owner: string) =>
      viaLink(db, GROUP_MANAGER_UID, 'user', ADMIN_USER_UID, adminName(db), owner),
    group: (db: Db, owner: string) =>
      viaLink(db, GROUP_MANAGER_UID, 'group', GROUP_UID, groupName(db), owner),
    userId: (db: Db, owner: string) =>
      viaLink(db, GROUP_MANAGER_UID, 'user', ADMIN_USER_UID, (a) => `${a}.id`, owner),
    groupId: (db: Db, owner: string) =>
      viaLink(db, GROUP_MANAGER_UID, 'group', GROUP_UID, (g) => `${g}.id`, owner),
  };

  const courseUid = () => (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).courseContentType;
  const courseTitleField = () => (strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig).courseTitleField;

  const enrollmentTitle = (db: Db, owner: string) => {
    const learner = viaLink(
      db,
      ENROLLMENT_UID,
      'learner',
      LEARNER_UID,
      (u) => `COALESCE(${col(db, u, LEARNER_UID, 'username')}, ${col(db, u, LEARNER_UID, 'email')})`,
      owner
    );
    // A course type with Draft & Publish links both versions: the draft holds the newest title.
    const course = viaLink(
      db,
      ENROLLMENT_UID,
      'course',
      courseUid(),
      (c) => `CAST(${col(db, c, courseUid(), courseTitleField())} AS TEXT)`,
      owner,
      ` ORDER BY (x.${db.raw('??', [columnOf(strapi, courseUid(), 'publishedAt')]).toQuery()} IS NULL) DESC, x.id`
    );
    const group = viaLink(db, ENROLLMENT_UID, 'group', GROUP_UID, groupName(db), owner);
    return `COALESCE(${learner}, '${NO_LEARNER}') || '${SEPARATOR}' || COALESCE(${course}, '${NO_COURSE}') || '${SEPARATOR}' || COALESCE(${group}, '${NO_GROUP}')`;
  };

  const titleColumn = (db: Db, uid: string) => db.raw('??', [columnOf(strapi, uid, 'title')]).toQuery();

  /** Rewrites the title (and a link's pair key, unless told not to) of the given rows from their related rows. */
  const rewrite = async (db: Db, uid: string, ids: readonly number[], withPairKey = true) => {
    if (ids.length === 0) return;
    const pairKey = () =>
      `, ${db.raw('??', [columnOf(strapi, uid, 'pairKey')]).toQuery()} = CAST(${link.userId(db, 't.id')} AS TEXT) || ':' || CAST(${link.groupId(db, 't.id')} AS TEXT)`;
    const set =
      uid === GROUP_MANAGER_UID
        ? `${titleColumn(db, uid)} = COALESCE(${link.manager(db, 't.id')}, '${NO_ADMIN}') || '${SEPARATOR}' || COALESCE(${link.group(db, 't.id')}, '${NO_GROUP}')${withPairKey ? pairKey() : ''}`
        : `${titleColumn(db, uid)} = ${enrollmentTitle(db, 't.id')}`;
    for (const part of chunk([...new Set(ids)], BACKFILL_CHUNK)) {
      await db.raw(
        `UPDATE ${quote(db, tableOf(strapi, uid))} AS t SET ${set} WHERE t.id IN (${part.map(() => '?').join(', ')})`,
        part
      );
    }
  };

  /** Row ids of `uid` whose `attribute` links to one of `targetIds`. */
  const linkedTo = async (db: Db, uid: string, attribute: string, targetIds: readonly number[]) => {
    const { table, ownerColumn, targetColumn } = linkOf(strapi, uid, attribute);
    const ids: number[] = [];
    for (const part of chunk([...targetIds])) {
      const query = tableIn(strapi, db, table).distinct(ownerColumn).whereIn(targetColumn, part);
      for (const row of (await query) as Array<Record<string, unknown>>) ids.push(Number(row[ownerColumn]));
    }
    return ids;
  };

  return {
    /** The admin user and group a link holds, with their names, as the row stands in `db`. */
    async linkFacts(db: Db, id: number): Promise<LinkFacts> {
      const rows = (await db.raw(
        `SELECT ${link.userId(db, '?')} AS user_id, ${link.groupId(db, '?')} AS group_id, ${link.manager(db, '?')} AS manager, ${link.group(db, '?')} AS group_name`,
        [id, id, id, id]
      )) as unknown;
      // knex answers raw queries with the driver's shape: rows on PostgreSQL, an array on SQLite.
      const row = (Array.isArray(rows) ? rows[0] : (rows as { rows: unknown[] }).rows[0]) as Record<
        string,
        unknown
      >;
      const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
      return {
        userId: num(row.user_id),
        groupId: num(row.group_id),
        manager: (row.manager as string | null) ?? null,
        group: (row.group_name as string | null) ?? null,
      };
    },

    /**
     * After a link was written in `db`'s transaction: refuses a second link of the same admin user and
     * group, then writes its title and pair key. Two writers racing past the look-up meet at the unique
     * index, which holds the later one until the first commits and then refuses it.
     */
    async settleLink(db: Db, id: number): Promise<void> {
      const facts = await this.linkFacts(db, id);
      if (facts.userId !== null && facts.groupId !== null) {
        const pairKey = columnOf(strapi, GROUP_MANAGER_UID, 'pairKey');
        const other = await tableIn(strapi, db, tableOf(strapi, GROUP_MANAGER_UID))
          .first('id')
          .where(pairKey, `${facts.userId}:${facts.groupId}`)
          .whereNot('id', id);
        if (other) throw duplicateLinkError(facts);
      }
      try {
        await rewrite(db, GROUP_MANAGER_UID, [id]);
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicateLinkError(facts);
        throw error;
      }
    },

    /** After a name changed: rewrites every title that shows it. */
    async refreshNamesOf(db: Db, uid: string, ids: readonly number[]): Promise<void> {
      if (ids.length === 0) return;
      if (uid === GROUP_UID) {
        await rewrite(db, GROUP_MANAGER_UID, await linkedTo(db, GROUP_MANAGER_UID, 'group', ids));
        await rewrite(db, ENROLLMENT_UID, await linkedTo(db, ENROLLMENT_UID, 'group', ids));
      } else if (uid === ADMIN_USER_UID) {
        await rewrite(db, GROUP_MANAGER_UID, await linkedTo(db, GROUP_MANAGER_UID, 'user', ids));
      } else if (uid === LEARNER_UID) {
        await rewrite(db, ENROLLMENT_UID, await linkedTo(db, ENROLLMENT_UID, 'learner', ids));
      } else if (uid === courseUid()) {
        await rewrite(db, ENROLLMENT_UID, await linkedTo(db, ENROLLMENT_UID, 'course', ids));
      }
    },

    /** The stored title of one row. */
    async titleOf(db: Db, uid: string, id: number): Promise<string | null> {
      const row = (await tableIn(strapi, db, tableOf(strapi, uid))
        .first({ title: columnOf(strapi, uid, 'title') })
        .where('id', id)) as { title: string | null } | undefined;
      return row?.title ?? null;
    },

    /**
     * Keeps titles in step with what they show: an enrollment's when it is created or its learner, course
     * or group changes, and every title showing a name when that name changes. Database lifecycles rather
     * than document middlewares: the plugin's services create enrollments and rename learners with plain
     * queries, and admin users are not written through the document service. They run inside the write's
     * transaction.
     */
    followChanges(): void {
      const named: Record<string, string[]> = {
        [ENROLLMENT_UID]: ['learner', 'course', 'group'],
        [GROUP_UID]: ['name'],
        [LEARNER_UID]: ['username', 'email'],
        [ADMIN_USER_UID]: ['firstname', 'lastname', 'username', 'email'],
        [courseUid()]: [courseTitleField()],
      };
      type Event = {
        model: { uid: string };
        params: { data?: Record<string, unknown> };
        result?: { id?: number };
      };
      const refresh = async (uid: string, id: number) => {
        const db = await currentDb(strapi);
        if (uid === ENROLLMENT_UID) await rewrite(db, ENROLLMENT_UID, [id]);
        else await this.refreshNamesOf(db, uid, [id]);
      };
      strapi.db.lifecycles.subscribe({
        models: Object.keys(named),
        afterCreate: async ({ model, result }: Event) => {
          if (model.uid === ENROLLMENT_UID && typeof result?.id === 'number')
            await refresh(model.uid, result.id);
        },
        afterUpdate: async ({ model, params, result }: Event) => {
          if (typeof result?.id !== 'number') return;
          if (named[model.uid].some((field) => field in (params.data ?? {})))
            await refresh(model.uid, result.id);
        },
      } as never);
    },

    /**
     * At bootstrap: titles (and pair keys) for rows that have none, such as every row after an upgrade or
     * rows inserted by SQL. A chunk at a time, so no statement holds a long lock. A pair that is already
     * linked twice (from before this rule) keeps its oldest link keyed; the others get a title
     * but no key, and are named in a warning for the site owner to delete.
     */
    async backfill(): Promise<void> {
      const db = await currentDb(strapi);
      for (const uid of [GROUP_MANAGER_UID, ENROLLMENT_UID]) {
        const title = columnOf(strapi, uid, 'title');
        let after = 0;
        for (;;) {
          const rows = (await tableIn(strapi, db, tableOf(strapi, uid))
            .select('id')
            .whereNull(title)
            .where('id', '>', after)
            .orderBy('id')
            .limit(BACKFILL_CHUNK)) as Array<{ id: number }>;
          if (rows.length === 0) break;
          after = rows[rows.length - 1].id;
          const ids = rows.map((r) => Number(r.id));
          if (uid === ENROLLMENT_UID) {
            await rewrite(db, uid, ids);
            continue;
          }
          for (const id of ids) {
            await strapi.db
              .transaction(({ trx }: { trx: Db }) => this.settleLink(trx, id))
              .catch(async (error) => {
                if (!(error instanceof errors.ValidationError)) throw error;
                // Titled so the site owner can find it, but not keyed: the older link holds the pair.
                await rewrite(db, uid, [id], false);
                strapi.log.warn(`[groups] Group manager link ${id}: ${error.message}`);
              });
          }
        }
      }
    },
  };
};

export type EntryTitlesService = ReturnType<typeof entryTitlesService>;
export default entryTitlesService;
