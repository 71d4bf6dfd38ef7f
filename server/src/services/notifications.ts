/**
 * Reminders, new-request alerts and digests: who gets which email and when, each person's preferences and
 * opt-outs. Every email goes through the outbox (services/outbox.ts) and is rendered when it is sent
 * (`render` reads the facts, then fills the site owner's template through services/email-templates.ts), so
 * a row holds ids and the words are current.
 *
 * - A new request: one outbox row per manager holding "manage enrollments" in the group (or above it, by a
 *   link that includes sub-groups) who wants them at once, written in the request's own transaction
 *   (`enqueueRequestAlerts`).
 * - Reminders, the daily request digest and the weekly digest run from `strapi.cron` on every node through
 *   the scheduler, which claims each period once in the database. A run is a constant number of SQL
 *   statements whatever the number of enrollments: reminders are one `INSERT … SELECT` per kind, digests
 *   one select of the recipients and one multi-row insert. The outbox's unique dedupe key (enrollment, kind,
 *   due date, and the ISO week for overdue ones; manager and period for digests) makes a second run, on any
 *   node, write nothing new.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Knex } from 'knex';
import type { PreferencesBody } from '../../../common/contracts/notifications';
import { supportedLanguage, type EmailLanguage } from '../../../common/domain/decision-emails';
import { DUE_STATES } from '../../../common/domain/enrollment-flags';
import {
  DEFAULT_PREFERENCES,
  REMINDER_KINDS,
  reminderWindows,
  topicOf,
  type NotificationKind,
  listBlock,
  type NotificationPreferences,
  type PersonType,
} from '../../../common/domain/notification-emails';
import { periodKey } from '../../../common/domain/outbox';
import type { PluginConfig } from '../config';
import { ADMIN_USER_UID, ENROLLMENT_UID, GROUP_MANAGER_UID, GROUP_UID, LEARNER_UID } from '../constants';
import { getService } from '../utils/get-service';
import { optOutToken, readOptOutToken } from '../utils/opt-out-token';
import { adminUrl, publicUrl, requestOrigin } from '../utils/public-url';
import { columnOf, currentDb, databaseClient, linkOf, tableIn, tableOf, type Db } from '../utils/tables';
import { OUTBOX_UID, type OutboxMessage, type RenderedEmail, type StoredMessage } from './outbox';

export const PREFERENCE_UID = 'plugin::groups.notification-preference' as const;

const DAY_MS = 24 * 60 * 60 * 1000;

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const day = (instant: Date) => instant.toISOString().slice(0, 10);

const notificationsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => strapi.config.get('plugin::groups') as PluginConfig;
  const col = (uid: string, attribute: string) => columnOf(strapi, uid, attribute);
  const root = () => strapi.db.connection as Db;
  const client = () => databaseClient(strapi);
  const qualified = (table: string) => {
    const schema = strapi.db.getSchemaName();
    return schema ? `${schema}.${table}` : table;
  };

  const pref = {
    table: () => tableOf(strapi, PREFERENCE_UID),
    col: (attribute: string) => col(PREFERENCE_UID, attribute),
  };

  /** `?` bound as text: PostgreSQL cannot type a bare parameter inside `||`. */
  const textParam = 'cast(? as varchar(255))';

  /** A fresh documentId inside SQL, for rows an `INSERT … SELECT` writes. */
  const newDocumentId = () =>
    client() === 'postgres'
      ? "replace(cast(gen_random_uuid() as varchar(64)), '-', '')"
      : 'lower(hex(randomblob(12)))';

  /** The enrollment's learner, group and course through their link tables, plus the group row. */
  const enrollmentJoins = (query: Knex.QueryBuilder) => {
    const learner = linkOf(strapi, ENROLLMENT_UID, 'learner');
    const group = linkOf(strapi, ENROLLMENT_UID, 'group');
    return query
      .join({ ll: learner.table }, `ll.${learner.ownerColumn}`, 'e.id')
      .join({ u: tableOf(strapi, LEARNER_UID) }, 'u.id', `ll.${learner.targetColumn}`)
      .join({ gl: group.table }, `gl.${group.ownerColumn}`, 'e.id')
      .join({ g: tableOf(strapi, GROUP_UID) }, 'g.id', `gl.${group.targetColumn}`);
  };

  /** Admin users linked to groups through GroupManager rows, with their stored preferences (left join). */
  const managerLinks = (db: Db) => {
    const user = linkOf(strapi, GROUP_MANAGER_UID, 'user');
    const group = linkOf(strapi, GROUP_MANAGER_UID, 'group');
    return tableIn(strapi, db, tableOf(strapi, GROUP_MANAGER_UID))
      .from({ gm: tableOf(strapi, GROUP_MANAGER_UID) })
      .join({ ul: user.table }, `ul.${user.ownerColumn}`, 'gm.id')
      .join({ au: tableOf(strapi, ADMIN_USER_UID) }, 'au.id', `ul.${user.targetColumn}`)
      .join({ gl: group.table }, `gl.${group.ownerColumn}`, 'gm.id')
      .join({ g: tableOf(strapi, GROUP_UID) }, 'g.id', `gl.${group.targetColumn}`)
      .leftJoin({ p: pref.table() }, (on) =>
        on.on('p.' + pref.col('personId'), 'au.id').andOnVal('p.' + pref.col('personType'), 'admin')
      )
      .where(`au.${col(ADMIN_USER_UID, 'isActive')}`, true)
      .whereNull(`g.${col(GROUP_UID, 'archivedAt')}`)
      .where((q) =>
        q
          .whereNull(`au.${col(ADMIN_USER_UID, 'blocked')}`)
          .orWhere(`au.${col(ADMIN_USER_UID, 'blocked')}`, false)
      );
  };

  const managerColumns = () => ({
    id: 'au.id',
    email: `au.${col(ADMIN_USER_UID, 'email')}`,
    firstname: `au.${col(ADMIN_USER_UID, 'firstname')}`,
    username: `au.${col(ADMIN_USER_UID, 'username')}`,
    language: `au.${col(ADMIN_USER_UID, 'preferedLanguage')}`,
  });

  interface ManagerRow {
    id: number;
    email: string;
    firstname: string | null;
    username: string | null;
    language: string | null;
  }
  const nameOf = (m: Pick<ManagerRow, 'firstname' | 'username' | 'email'>) =>
    m.firstname || m.username || m.email;

  const managerMessage = (
    kind: NotificationKind,
    manager: ManagerRow,
    dedupeKey: string,
    variables: Record<string, unknown>,
    groupId: number | null = null
  ): OutboxMessage => {
    const baseUrl = requestOrigin(strapi);
    return {
      kind,
      to: manager.email,
      locale: supportedLanguage(manager.language),
      groupId,
      dedupeKey,
      variables: {
        personId: Number(manager.id),
        name: nameOf(manager),
        ...variables,
        ...(baseUrl ? { baseUrl } : {}),
      },
    };
  };

  /*
   * Sub-groups follow the scope's rule (expandLinksOverTree in common/domain/group-tree.ts, the recursive
   * CTE of services/scope.ts): a link reaches its own group and, when it includes sub-groups, every group
   * below it. UNION (not UNION ALL) ends a walk on a cycle in hand-edited rows.
   */
  const parentLink = () => linkOf(strapi, GROUP_UID, 'parent');
  const includesSubGroups = () => `gm.${col(GROUP_MANAGER_UID, 'includesSubGroups')}`;

  /**
   * `reach(group_id, inherited)`: the group itself (inherited 0) and its ancestors (1), walking up the
   * parent links; a link on an ancestor reaches the group only when it includes sub-groups.
   */
  const ancestry = (db: Db, groupId: number) => {
    const parent = parentLink();
    return db.raw(
      `select cast(? as integer), 0 union select p.??, 1 from reach join ?? p on p.?? = reach.group_id`,
      [groupId, parent.targetColumn, qualified(parent.table), parent.ownerColumn]
    );
  };

  /**
   * `reach(link_id, group_id)`: every group each manager link with "manage enrollments" reaches, walking
   * down the parent links of the links that include sub-groups.
   */
  const enrollmentLinkReach = (db: Db) => {
    const parent = parentLink();
    const group = linkOf(strapi, GROUP_MANAGER_UID, 'group');
    const managers = qualified(tableOf(strapi, GROUP_MANAGER_UID));
    return db.raw(
      `select m.id, l.?? from ?? m join ?? l on l.?? = m.id where m.?? = ?
       union
       select reach.link_id, p.?? from reach join ?? m on m.id = reach.link_id
         join ?? p on p.?? = reach.group_id where m.?? = ?`,
      [
        group.targetColumn,
        managers,
        qualified(group.table),
        group.ownerColumn,
        col(GROUP_MANAGER_UID, 'canManageEnrollments'),
        true,
        parent.ownerColumn,
        managers,
        qualified(parent.table),
        parent.targetColumn,
        col(GROUP_MANAGER_UID, 'includesSubGroups'),
        true,
      ]
    );
  };

  /** The facts a reminder or an alert names, read when it is sent. */
  const enrollmentFacts = async (documentId: string) => {
    const { courseContentType, courseTitleField } = config();
    const course = linkOf(strapi, ENROLLMENT_UID, 'course');
    const row = (await enrollmentJoins(
      tableIn(strapi, root(), tableOf(strapi, ENROLLMENT_UID)).from({ e: tableOf(strapi, ENROLLMENT_UID) })
    )
      .leftJoin({ cl: course.table }, `cl.${course.ownerColumn}`, 'e.id')
      .leftJoin({ c: tableOf(strapi, courseContentType) }, 'c.id', `cl.${course.targetColumn}`)
      .first({
        learnerName: `u.${col(LEARNER_UID, 'username')}`,
        groupName: `g.${col(GROUP_UID, 'name')}`,
        courseTitle: `c.${col(courseContentType, courseTitleField)}`,
        dueAt: `e.${col(ENROLLMENT_UID, 'dueAt')}`,
      })
      .where('e.' + col(ENROLLMENT_UID, 'documentId'), documentId)) as Record<string, unknown> | undefined;
    if (!row) throw new Error(`The enrollment ${documentId} of this email no longer exists.`);
    const due = row.dueAt === null || row.dueAt === undefined ? null : new Date(row.dueAt as string | number);
    return {
      learnerName: text(row.learnerName),
      groupName: text(row.groupName),
      courseTitle: text(row.courseTitle),
      dueDate: due ? day(due) : '',
    };
  };

  const service = {
    async preferences(personType: PersonType, personId: number): Promise<NotificationPreferences> {
      const row = (await tableIn(strapi, await currentDb(strapi), pref.table())
        .first({
          newRequests: pref.col('newRequests'),
          weeklyDigest: pref.col('weeklyDigest'),
          reminders: pref.col('reminders'),
        })
        .where(pref.col('personType'), personType)
        .where(pref.col('personId'), personId)) as Record<string, unknown> | undefined;
      if (!row) return { ...DEFAULT_PREFERENCES };
      return {
        newRequests: row.newRequests as NotificationPreferences['newRequests'],
        weeklyDigest: Boolean(row.weeklyDigest),
        reminders: Boolean(row.reminders),
      };
    },

    /** Stores a person's preferences (one row per person, written whole). */
    async setPreferences(personType: PersonType, personId: number, change: Partial<NotificationPreferences>) {
      const next = { ...(await service.preferences(personType, personId)), ...change };
      const now = new Date();
      const values = {
        [pref.col('newRequests')]: next.newRequests,
        [pref.col('weeklyDigest')]: next.weeklyDigest,
        [pref.col('reminders')]: next.reminders,
        [pref.col('updatedAt')]: now,
      };
      await tableIn(strapi, await currentDb(strapi), pref.table())
        .insert({
          [pref.col('documentId')]: `pref-${personType}-${personId}`,
          [pref.col('personType')]: personType,
          [pref.col('personId')]: personId,
          [pref.col('createdAt')]: now,
          ...values,
        })
        .onConflict([pref.col('personType'), pref.col('personId')])
        .merge(values);
      return next;
    },

    async adminPreferences(adminId: number): Promise<PreferencesBody> {
      const { newRequests, weeklyDigest } = await service.preferences('admin', adminId);
      return { newRequests, weeklyDigest };
    },

    async setAdminPreferences(adminId: number, body: PreferencesBody): Promise<PreferencesBody> {
      const { newRequests, weeklyDigest } = await service.setPreferences('admin', adminId, body);
      return { newRequests, weeklyDigest };
    },

    /**
     * Where the recipient of an email of `kind` turns that kind off, without a login; `writtenFrom` is the
     * origin of the request that wrote the row, used when the site set no `url` (utils/public-url.ts).
     */
    optOutUrl(kind: NotificationKind, personId: number, language: EmailLanguage, writtenFrom?: string) {
      const topic = topicOf(kind);
      const token = optOutToken(strapi, {
        personType: topic === 'reminders' ? 'learner' : 'admin',
        personId,
        topic,
        language,
      });
      return `${publicUrl(strapi, writtenFrom)}/api/groups/notifications/opt-out?token=${encodeURIComponent(token)}`;
    },

    /** Turns off what a signed link names; a token that is not ours changes nothing (400). */
    async optOut(token: string) {
      const optOut = readOptOutToken(strapi, token);
      if (!optOut)
        throw new errors.ValidationError(
          'This opt-out link is not valid. Copy the whole link from the email.'
        );
      const change: Partial<NotificationPreferences> =
        optOut.topic === 'newRequests' ? { newRequests: 'off' } : { [optOut.topic]: false };
      await service.setPreferences(optOut.personType, optOut.personId, change);
      return optOut;
    },

    /**
     * The new-request alerts of a request just written in `trx`: one row per manager with the right to
     * manage enrollments in the group (linked to it, or to a group above it by a link that includes
     * sub-groups) who wants new requests at once, found in one statement. Managers who chose the daily
     * digest get it from the digest job; nothing is written for those who turned them off.
     */
    async enqueueRequestAlerts(
      trx: Db,
      request: { enrollmentDocumentId: string; groupId: number; now: string }
    ) {
      const managers = (await managerLinks(trx)
        .withRecursive('reach', ['group_id', 'inherited'], ancestry(trx, request.groupId))
        .join('reach', 'reach.group_id', `gl.${linkOf(strapi, GROUP_MANAGER_UID, 'group').targetColumn}`)
        .where((q) => q.where('reach.inherited', 0).orWhere(includesSubGroups(), true))
        .distinct(managerColumns())
        .where(`gm.${col(GROUP_MANAGER_UID, 'canManageEnrollments')}`, true)
        .where((q) =>
          q.whereNull(`p.${pref.col('newRequests')}`).orWhere(`p.${pref.col('newRequests')}`, 'immediate')
        )) as ManagerRow[];
      if (managers.length === 0) return;
      await getService(strapi, 'outbox').enqueue(
        managers.map((manager) =>
          managerMessage(
            'manager-new-request',
            manager,
            `new-request:${request.enrollmentDocumentId}:${request.now}:${manager.id}`,
            { enrollment: request.enrollmentDocumentId },
            request.groupId
          )
        ),
        { trx }
      );
    },

    /** Reminders due at `now`: one `INSERT … SELECT` per kind, whatever the number of enrollments. */
    async runReminders(trx: Db, now: Date) {
      const outbox = (a: string) => col(OUTBOX_UID, a);
      const e = (a: string) => `e.${col(ENROLLMENT_UID, a)}`;
      const hasLocale = Boolean(strapi.getModel(LEARNER_UID)?.attributes?.locale);
      const week = periodKey('week', now, config().notifications.timeZone);
      const target = [
        'documentId',
        'kind',
        'recipientEmail',
        'recipientLocale',
        'groupId',
        'dedupeKey',
        'variables',
        'state',
        'attempts',
        'nextAttemptAt',
        'createdAt',
        'updatedAt',
      ].map(outbox);
      const variables =
        client() === 'postgres'
          ? `cast('{"enrollment":"' || ${e('documentId')} || '","personId":' || cast(u.id as varchar(20)) || '}' as jsonb)`
          : `'{"enrollment":"' || ${e('documentId')} || '","personId":' || u.id || '}'`;
      const email = `u.${col(LEARNER_UID, 'email')}`;
      const blocked = `u.${col(LEARNER_UID, 'blocked')}`;
      for (const window of reminderWindows(now)) {
        const key = window.repeatsWeekly
          ? `${textParam} || ${e('documentId')} || ${textParam} || cast(${e('dueAt')} as varchar(64)) || ${textParam}`
          : `${textParam} || ${e('documentId')} || ${textParam} || cast(${e('dueAt')} as varchar(64))`;
        const keyBindings = window.repeatsWeekly
          ? ['reminder:', `:${window.kind}:`, `:${week}`]
          : ['reminder:', `:${window.kind}:`];
        const select = enrollmentJoins(
          tableIn(strapi, trx, tableOf(strapi, ENROLLMENT_UID)).from({ e: tableOf(strapi, ENROLLMENT_UID) })
        )
          .select(
            trx.raw(newDocumentId()),
            trx.raw(textParam, [window.kind]),
            trx.raw('??', [email]),
            hasLocale ? trx.raw('??', [`u.${col(LEARNER_UID, 'locale')}`]) : trx.raw('null'),
            trx.raw('g.id'),
            trx.raw(key, keyBindings),
            trx.raw(variables),
            trx.raw(textParam, ['pending']),
            trx.raw('0'),
            trx.raw('?', [now]),
            trx.raw('?', [now]),
            trx.raw('?', [now])
          )
          .whereIn(e('state'), [...DUE_STATES])
          .whereNotNull(e('dueAt'))
          .where(e('dueAt'), '<=', window.dueUntil)
          .where((q) => q.whereNull(e('expiresAt')).orWhere(e('expiresAt'), '>', now))
          .whereNull(`g.${col(GROUP_UID, 'archivedAt')}`)
          .whereNotNull(email)
          .where((q) => q.whereNull(blocked).orWhere(blocked, false))
          .whereNotExists((q) =>
            q
              .select(trx.raw('1'))
              .from({ p: pref.table() })
              .whereRaw('?? = u.id', [`p.${pref.col('personId')}`])
              .where(`p.${pref.col('personType')}`, 'learner')
              .where(`p.${pref.col('reminders')}`, false)
          );
        if (window.dueAfter) select.where(e('dueAt'), '>', window.dueAfter);
        const { sql, bindings } = select.toSQL();
        // SQLite needs the SELECT's WHERE before ON CONFLICT (it has one), PostgreSQL the unique index.
        await trx.raw(
          `insert into ?? (${target.map(() => '??').join(', ')}) ${sql} on conflict (??) do nothing`,
          [qualified(tableOf(strapi, OUTBOX_UID)), ...target, ...bindings, outbox('dedupeKey')]
        );
      }
    },

    /**
     * One digest per manager who chose daily new-request emails and has requests of the last day in a
     * group where they manage enrollments (sub-groups included as the scope reaches them).
     */
    async runRequestDigest(trx: Db, now: Date, period: string) {
      const since = new Date(now.getTime() - DAY_MS);
      const enrollmentGroup = linkOf(strapi, ENROLLMENT_UID, 'group');
      const managers = (await managerLinks(trx)
        .withRecursive('reach', ['link_id', 'group_id'], enrollmentLinkReach(trx))
        .join('reach', 'reach.link_id', 'gm.id')
        .distinct(managerColumns())
        .where(`p.${pref.col('newRequests')}`, 'daily')
        .whereExists((q) =>
          q
            .select(trx.raw('1'))
            .from({ e: tableOf(strapi, ENROLLMENT_UID) })
            .join({ eg: enrollmentGroup.table }, `eg.${enrollmentGroup.ownerColumn}`, 'e.id')
            .whereRaw('?? = reach.group_id', [`eg.${enrollmentGroup.targetColumn}`])
            .where(`e.${col(ENROLLMENT_UID, 'state')}`, 'requested')
            .where(`e.${col(ENROLLMENT_UID, 'requestedAt')}`, '>', since)
            .where(`e.${col(ENROLLMENT_UID, 'requestedAt')}`, '<=', now)
        )) as ManagerRow[];
      await getService(strapi, 'outbox').enqueue(
        managers.map((m) =>
          managerMessage('manager-request-digest', m, `request-digest:${m.id}:${period}`, {
            since: since.toISOString(),
            until: now.toISOString(),
          })
        ),
        { trx, now }
      );
    },

    /** One digest per manager (linked to a group that is not archived) who keeps the weekly digest on. */
    async runWeeklyDigest(trx: Db, now: Date, period: string) {
      const managers = (await managerLinks(trx)
        .distinct(managerColumns())
        .where((q) =>
          q.whereNull(`p.${pref.col('weeklyDigest')}`).orWhere(`p.${pref.col('weeklyDigest')}`, true)
        )) as ManagerRow[];
      await getService(strapi, 'outbox').enqueue(
        managers.map((m) =>
          managerMessage('manager-weekly-digest', m, `weekly-digest:${m.id}:${period}`, {
            week: period,
            from: periodKey('day', new Date(now.getTime() - 7 * DAY_MS), config().notifications.timeZone),
            to: periodKey('day', new Date(now.getTime() - DAY_MS), config().notifications.timeZone),
          })
        ),
        { trx, now }
      );
    },

    /** Registers the three jobs with `strapi.cron` on this node; every node does, the scheduler runs each once. */
    schedule() {
      const scheduler = getService(strapi, 'scheduler');
      // Hourly by default: a period a node missed (down, deploying) is caught up at the next tick.
      const { timeZone, cronRule: rule } = config().notifications;
      scheduler.schedule('reminders', {
        rule,
        unit: 'day',
        timeZone,
        run: ({ trx }) => service.runReminders(trx, new Date()),
      });
      scheduler.schedule('request-digest', {
        rule,
        unit: 'day',
        timeZone,
        run: ({ trx, period }) => service.runRequestDigest(trx, new Date(), period),
      });
      scheduler.schedule('weekly-digest', {
        rule,
        unit: 'week',
        timeZone,
        run: ({ trx, period }) => service.runWeeklyDigest(trx, new Date(), period),
      });
    },

    /**
     * A stored notification as it is sent: the enrollment it names, a digest's lists, counts and report
     * from the recipient's scope as it is then, filled into the kind's template (Settings → Groups → Email
     * templates) in the recipient's language, with the opt-out link.
     */
    async render(kind: NotificationKind, message: StoredMessage): Promise<RenderedEmail> {
      const v = message.variables;
      const personId = Number(v.personId);
      const templates = getService(strapi, 'email-templates');
      const language = templates.languageFor(message.locale);
      const optOutLink = service.optOutUrl(kind, personId, language, text(v.baseUrl));
      const words = (values: Record<string, unknown>) =>
        templates.render(kind, message.locale, { ...values, optOutLink });
      if ((REMINDER_KINDS as readonly string[]).includes(kind)) {
        return words(await enrollmentFacts(text(v.enrollment)));
      }
      const managerName = text(v.name);
      const digests = getService(strapi, 'notification-digests');
      if (kind === 'manager-new-request')
        return words({ managerName, ...(await enrollmentFacts(text(v.enrollment))) });
      if (kind === 'manager-request-digest') {
        const requests = await digests.requestLines(personId, text(v.since), text(v.until));
        return words({
          managerName,
          requestCount: requests.total,
          requestList: listBlock(requests.lines, requests.total - requests.lines.length),
        });
      }
      const week = await digests.weekly(personId, text(v.from), text(v.to), language);
      return {
        ...(await words({
          managerName,
          week: text(v.week),
          from: text(v.from),
          to: text(v.to),
          groupNames: week.groupNames.join(', '),
          requestsWaiting: week.counts.requestsWaiting,
          overdueCount: week.counts.overdue,
          atRiskCount: week.counts.atRisk,
          completedCount: week.counts.completed,
          waitingList: listBlock(week.waiting.lines, week.waiting.total - week.waiting.lines.length),
          overdueList: listBlock(week.overdue.lines, week.overdue.total - week.overdue.lines.length),
          atRiskList: listBlock(week.atRisk.lines, week.atRisk.total - week.atRisk.lines.length),
          atRiskLink: `${adminUrl(strapi, text(v.baseUrl))}/plugins/groups/enrollments?flag=atRisk`,
          reportAttached: week.report ? 'yes' : '',
        })),
        ...(week.report
          ? { attachments: [xlsxAttachment(`groups-report-${text(v.week)}.xlsx`, week.report)] }
          : {}),
      };
    },
  };
  return service;
};

export type NotificationsService = ReturnType<typeof notificationsService>;
export default notificationsService;

/** The .xlsx of a weekly digest, in the attachment shape of the email plugin's providers (nodemailer). */
const xlsxAttachment = (filename: string, content: Buffer) => ({
  filename,
  content,
  contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
});
