/**
 * Reminders, new-request alerts and manager digests against a real Strapi and a real SMTP server on
 * 127.0.0.1: a learner's request alerts each manager of the group who wants it at once (in their admin
 * language), the daily digest gathers the rest; reminders 7 days and 1 day before the due date and once a
 * week when overdue, never twice for one due date, in a constant number of SQL statements over 2,000
 * enrollments; a learner who follows the opt-out link gets no reminder but still their decision emails, and
 * a forged link changes nothing; a manager's weekly digest holds their groups only, down to the attached
 * .xlsx; the Notifications routes show my groups' log, resend a failed email and keep my preferences. On
 * PostgreSQL two Strapi processes run the worker and the cron jobs over the same data: each reminder and
 * digest arrives once, counted at the SMTP server per kind and recipient.
 */
import type { Core } from '@strapi/strapi';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { startSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp';
import { createCourse, createGroup, createLearners, requestEnrollment } from '../helpers/enrollments';
import { adminLogin, bearer, createAdminUser, http, registerSuperAdmin } from '../helpers/http';
import { linkManager } from '../helpers/scope-fixture';
import { recordStatements } from '../helpers/sql';
import { forkSecondNode } from '../helpers/second-node';
import { readWorkbook } from '../helpers/xlsx';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import { REMINDER_KINDS } from '../../common/domain/notification-emails';
import type { OutboxService } from '../../server/src/services/outbox';
import type { NotificationsService } from '../../server/src/services/notifications';
import type { Db } from '../../server/src/utils/tables';
import { columnOf, linkOf, tableOf } from '../../server/src/utils/tables';

const SYSTEM = { kind: 'system' } as const;
const ENROLLMENT = 'plugin::groups.enrollment';
const DAY = 24 * 60 * 60 * 1000;
const ALL_RIGHTS = {
  canViewReports: true,
  canExportReports: true,
  canManageEnrollments: true,
  canManageMembers: true,
  canEditCourses: false,
  canMessageMembers: true,
};
const onPostgres = process.env.DATABASE_CLIENT === 'postgres';

/** The first attachment of a raw message (nodemailer writes it base64 after its Content-Disposition). */
const attachmentOf = (mail: ReceivedMail) => {
  const found =
    /Content-Disposition: attachment;\s*filename="?([^"\r\n]+)"?\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/i.exec(
      mail.raw
    );
  return found ? { filename: found[1], content: Buffer.from(found[2].replace(/\s+/g, ''), 'base64') } : null;
};

const linkIn = (text: string) => {
  const found = /https?:\/\/\S+\/api\/groups\/notifications\/opt-out\?token=\S+/.exec(text);
  if (!found) throw new Error(`No opt-out link in: ${text}`);
  return new URL(found[0]);
};

describe('notifications: reminders, alerts and digests (real Strapi, real SMTP)', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let smtp: TestSmtp;
  let outbox: OutboxService;
  let notifications: NotificationsService;
  let seq = 0;

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.SMTP_PORT = String(smtp.port);
    app = await bootStrapi({
      pluginConfig: { courseContentType: 'api::course.course', emailDelivery: { workerIntervalMs: 0 } },
    });
    strapi = app.strapi;
    outbox = strapi.plugin('groups').service('outbox') as OutboxService;
    notifications = strapi.plugin('groups').service('notifications') as NotificationsService;
    await registerSuperAdmin(strapi);
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  beforeEach(async () => {
    await outbox.drain();
    smtp.clear();
  });

  const inTransaction = <T>(work: (trx: Db) => Promise<T>) =>
    strapi.db.transaction(({ trx }: { trx: Db }) => work(trx));

  /** A group with a course, `count` learners (members) and one manager per entry of `managers`. */
  const fixture = async (count: number, managers: Array<{ language?: string; rights?: object }> = [{}]) => {
    seq += 1;
    const course = await createCourse(strapi, `Course ${seq} <i>`);
    const learners = await createLearners(strapi, count);
    const group = await createGroup(strapi, { members: learners.map((l) => l.id), courses: [course.id] });
    const admins = [];
    for (const [i, m] of managers.entries()) {
      const admin = await createAdminUser(strapi, `mgr-${seq}-${i}@notify.test`, [GROUP_MANAGER_ROLE.code]);
      if (m.language)
        await strapi.db
          .query('admin::user')
          .update({ where: { id: admin.id }, data: { preferedLanguage: m.language } });
      await linkManager(strapi, admin.id, group, { ...ALL_RIGHTS, ...m.rights });
      admins.push(admin);
    }
    return { course, group, learners, admins };
  };

  /** Approved enrollments with a due date `dueIn` ms from `now` (negative: overdue). */
  const approvedDue = async (f: Awaited<ReturnType<typeof fixture>>, dues: number[], now = new Date()) => {
    const enrollment = strapi.plugin('groups').service('enrollment');
    const list = [];
    for (const [i, dueIn] of dues.entries()) {
      const requested = await requestEnrollment(strapi, f.learners[i].id, f.group, f.course);
      await enrollment.transition({ documentId: requested.documentId, to: 'approved', actor: SYSTEM });
      await strapi.db.query(ENROLLMENT).update({
        where: { documentId: requested.documentId },
        data: { dueAt: new Date(now.getTime() + dueIn) },
      });
      list.push(requested.documentId);
    }
    await outbox.drain();
    smtp.clear();
    return list;
  };

  const subjectsTo = (address: string) => smtp.to(address).map((m) => m.subject);

  it('alerts each manager who wants new requests at once, in their language; daily ones get one digest', async () => {
    const f = await fixture(2, [{ language: 'nl' }, {}, {}, { rights: { canManageEnrollments: false } }]);
    const [atOnce, daily, off, readOnly] = f.admins;
    await notifications.setPreferences('admin', daily.id, { newRequests: 'daily' });
    await notifications.setPreferences('admin', off.id, { newRequests: 'off' });
    const other = await fixture(1);

    // A request that rolls back after its alert was written alerts nobody.
    await expect(
      strapi.db.transaction(async () => {
        await requestEnrollment(strapi, f.learners[1].id, f.group, f.course);
        throw new Error('the request failed after its alert was written');
      })
    ).rejects.toThrow('the request failed');
    await requestEnrollment(strapi, f.learners[0].id, f.group, f.course);
    await outbox.drain();
    expect(subjectsTo(atOnce.email)).toEqual([
      `Nieuwe aanvraag: ${f.learners[0].username} voor Course ${seq - 1} <i>`,
    ]);
    const html = smtp.to(atOnce.email)[0].html;
    expect(html).toContain('&lt;i&gt;');
    expect(linkIn(smtp.to(atOnce.email)[0].text).pathname).toBe('/api/groups/notifications/opt-out');
    for (const nobody of [daily, off, readOnly, ...other.admins])
      expect(subjectsTo(nobody.email)).toEqual([]);

    const now = new Date();
    await inTransaction((trx) => notifications.runRequestDigest(trx, now, 'test-day-1'));
    await inTransaction((trx) => notifications.runRequestDigest(trx, now, 'test-day-1'));
    await outbox.drain();
    expect(subjectsTo(daily.email)).toEqual(['1 new requests in your groups']);
    expect(smtp.to(daily.email)[0].text).toContain(`${f.learners[0].username} — Course ${seq - 1} <i> (`);
    for (const nobody of [atOnce, off, readOnly, ...other.admins]) {
      expect(smtp.to(nobody.email).filter((m) => m.subject.includes('new requests'))).toEqual([]);
    }
  });

  it('reminds 7 days and 1 day ahead and weekly when overdue, once per due date; an opted-out learner keeps only decisions', async () => {
    const f = await fixture(6);
    const now = new Date();
    const [soon, tomorrow, overdue, later, optedOut] = await approvedDue(
      f,
      [3 * DAY, 12 * 60 * 60 * 1000, -2 * DAY, 20 * DAY, -DAY],
      now
    );
    expect(later).toBeDefined();
    const [a, b, c, d, e] = f.learners;
    // The opted-out learner follows the link of an earlier reminder (made here as the job would).
    const url = new URL(notifications.optOutUrl('reminder-overdue', e.id, 'en'));
    const forged = url.searchParams.get('token')!.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    const bad = await http(strapi).get('/api/groups/notifications/opt-out').query({ token: forged });
    expect([bad.status, bad.body.error?.message]).toEqual([
      400,
      'This opt-out link is not valid. Copy the whole link from the email.',
    ]);
    expect((await http(strapi).get('/api/groups/notifications/opt-out').query({ token: 'x' })).status).toBe(
      400
    );
    expect(await notifications.preferences('learner', e.id)).toMatchObject({ reminders: true });
    const res = await http(strapi).get(`${url.pathname}${url.search}`);
    expect([res.status, res.text]).toEqual([
      200,
      expect.stringContaining('You will no longer receive reminders'),
    ]);
    expect(await notifications.preferences('learner', e.id)).toMatchObject({ reminders: false });

    await inTransaction((trx) => notifications.runReminders(trx, now));
    await inTransaction((trx) => notifications.runReminders(trx, new Date(now.getTime() + 60 * 60 * 1000)));
    await outbox.drain();
    const subjects = (learner: { email: string }) => subjectsTo(learner.email);
    expect(subjects(a)).toEqual([
      `Course ${seq} <i> is due on ${new Date(now.getTime() + 3 * DAY).toISOString().slice(0, 10)}`,
    ]);
    expect(subjects(b)).toEqual([`Course ${seq} <i> is due tomorrow`]);
    expect(subjects(c)).toEqual([`Course ${seq} <i> is overdue`]);
    expect(subjects(d)).toEqual([]);
    expect(subjects(e)).toEqual([]);
    expect(linkIn(smtp.to(c.email)[0].text).searchParams.get('token')).toBeTruthy();

    // A week on: the overdue learners are reminded again (once), the due-soon one is now overdue.
    smtp.clear();
    const weekLater = new Date(now.getTime() + 7 * DAY);
    await inTransaction((trx) => notifications.runReminders(trx, weekLater));
    await inTransaction((trx) => notifications.runReminders(trx, weekLater));
    // Written as due at the run's instant, a week ahead of the clock.
    await outbox.drain({ now: weekLater });
    expect(subjects(a)).toEqual([`Course ${seq} <i> is overdue`]);
    expect(subjects(c)).toEqual([`Course ${seq} <i> is overdue`]);
    expect(subjects(b)).toEqual([`Course ${seq} <i> is overdue`]);
    expect(subjects(e)).toEqual([]);

    // Decisions are always sent, opted out or not.
    smtp.clear();
    await strapi
      .plugin('groups')
      .service('enrollment')
      .transition({ documentId: optedOut, to: 'cancelled', actor: SYSTEM });
    await outbox.drain();
    expect(subjects(e)).toEqual([`You are no longer enrolled in Course ${seq} <i>`]);
    expect([soon, tomorrow, overdue]).toHaveLength(3);
  });

  it('writes the reminders of 2,000 enrollments in as many SQL statements as of one', async () => {
    const f = await fixture(1);
    const learner = f.learners[0];
    const now = new Date();
    const e = (attribute: string) => columnOf(strapi, ENROLLMENT, attribute);
    const knex = strapi.db.connection;
    const insertEnrollments = async (count: number) => {
      const rows = Array.from({ length: count }, (_, i) => ({
        [e('documentId')]: `bulk${seq}x${count}x${i}`,
        [e('state')]: 'approved',
        [e('attendance')]: 'unknown',
        [e('progress')]: 0,
        [e('timeSpent')]: 0,
        [e('dueAt')]: new Date(now.getTime() + 3 * DAY),
        [e('createdAt')]: now,
        [e('updatedAt')]: now,
      }));
      const ids: number[] = [];
      for (let i = 0; i < rows.length; i += 200) {
        const inserted = await knex(tableOf(strapi, ENROLLMENT))
          .insert(rows.slice(i, i + 200))
          .returning('id');
        ids.push(...inserted.map((r: { id: number } | number) => (typeof r === 'number' ? r : r.id)));
      }
      for (const [attribute, target] of [
        ['learner', learner.id],
        ['group', f.group.id],
        ['course', f.course.id],
      ] as const) {
        const link = linkOf(strapi, ENROLLMENT, attribute);
        for (let i = 0; i < ids.length; i += 400)
          await knex(link.table).insert(
            ids.slice(i, i + 400).map((id) => ({ [link.ownerColumn]: id, [link.targetColumn]: target }))
          );
      }
      return ids;
    };
    const measure = async (count: number) => {
      const ids = await insertEnrollments(count);
      const before = (await outbox.list({ to: learner.email })).length;
      const statements = await recordStatements(strapi, () =>
        inTransaction((trx) => notifications.runReminders(trx, now))
      );
      const written = (await outbox.list({ to: learner.email })).length - before;
      // Out of the way of the other tests: no 2,000 emails to send, no reminders left to write.
      await knex(tableOf(strapi, ENROLLMENT))
        .whereIn('id', ids)
        .update({ [e('state')]: 'cancelled' });
      await knex(tableOf(strapi, 'plugin::groups.outbox-message'))
        .where(columnOf(strapi, 'plugin::groups.outbox-message', 'recipientEmail'), learner.email)
        .delete();
      return {
        statements: statements.filter((s) => !/^(begin|commit|savepoint|release)/i.test(s.sql)).length,
        written,
      };
    };
    const one = await measure(1);
    const many = await measure(2000);
    expect(one).toEqual({ statements: REMINDER_KINDS.length, written: 1 });
    expect(many).toEqual({ statements: REMINDER_KINDS.length, written: 2000 });
  });

  it("sends each manager a weekly digest of their groups only, with the week's report attached in their language", async () => {
    const a = await fixture(3, [
      {},
      { language: 'nl', rights: { canExportReports: false } },
      { language: 'nl' },
    ]);
    const b = await fixture(2);
    const now = new Date();
    const [, completedA] = await approvedDue(a, [-2 * DAY, 3 * DAY]);
    const [, completedB] = await approvedDue(b, [-2 * DAY, 3 * DAY]);
    const waitingA = await requestEnrollment(strapi, a.learners[2].id, a.group, a.course);
    // Completed within the week the digest covers (the seven days before the run); the report holds those.
    for (const documentId of [completedA, completedB])
      await strapi.db.query(ENROLLMENT).update({
        where: { documentId },
        data: { state: 'completed', completedAt: new Date(now.getTime() - 2 * DAY), progress: 100 },
      });
    await outbox.drain();
    smtp.clear();
    const off = (await fixture(1)).admins[0];
    await notifications.setPreferences('admin', off.id, { weeklyDigest: false });
    await inTransaction((trx) => notifications.runWeeklyDigest(trx, now, 'test-W01'));
    await inTransaction((trx) => notifications.runWeeklyDigest(trx, now, 'test-W01'));
    await outbox.drain();

    const [managerA, noExportA, dutchA] = a.admins;
    const [mailA] = smtp.to(managerA.email);
    expect(smtp.to(managerA.email)).toHaveLength(1);
    expect(mailA.subject).toBe('Your groups this week (test-W01)');
    expect(mailA.text).toContain('Overdue learners: 1');
    expect(mailA.text).toContain('Completions this week: 1');
    expect(mailA.text).toContain("This week's report is attached.");
    const groupName = (id: number) =>
      strapi.db
        .query('plugin::groups.group')
        .findOne({ where: { id } })
        .then((g) => g.name as string);
    const [nameA, nameB] = [await groupName(a.group.id), await groupName(b.group.id)];
    expect(mailA.text).toContain(nameA);
    expect(mailA.text).not.toContain(nameB);
    // The lists, one line per learner, escaped in the HTML part.
    const textA = mailA.text.replace(/\r\n/g, '\n');
    expect(textA).toContain(
      `Requests waiting for your decision:\n- ${a.learners[2].username} — Course ${seq - 2} <i> (${nameA})`
    );
    expect(textA).toMatch(
      new RegExp(
        `Overdue learners:\\n- ${a.learners[0].username} — Course ${seq - 2} <i> \\(${nameA}\\), \\d{4}-`
      )
    );
    expect(mailA.html).toContain(`Course ${seq - 2} &lt;i&gt;`);
    expect(waitingA.state).toBe('requested');

    // That week's report: the completions of the week only, of their groups only.
    const file = attachmentOf(mailA)!;
    expect(file.filename).toBe('groups-report-test-W01.xlsx');
    const rowsOf = async (content: Buffer, sheetName: string) => {
      const rows: string[][] = [];
      (await readWorkbook(content)).getWorksheet(sheetName)!.eachRow((row) => {
        rows.push([1, 2, 3].map((n) => String(row.getCell(n).value)));
      });
      return rows;
    };
    const rowsA = await rowsOf(file.content, 'Enrollments');
    expect(rowsA.slice(1)).toEqual([[expect.any(String), a.learners[1].email, nameA]]);
    expect(rowsA[0].slice(0, 2)).toEqual(['Learner', 'Email']);

    // A Dutch manager gets the same report in Dutch.
    const [mailDutch] = smtp.to(dutchA.email);
    expect(mailDutch.subject).toBe('Je groepen deze week (test-W01)');
    expect(mailDutch.text).toContain('Het rapport van deze week zit in de bijlage.');
    const dutchBook = await readWorkbook(attachmentOf(mailDutch)!.content);
    expect(dutchBook.worksheets.map((sheet) => sheet.name)).toEqual(['Samenvatting', 'Inschrijvingen']);
    const dutchRows = await rowsOf(attachmentOf(mailDutch)!.content, 'Inschrijvingen');
    expect(dutchRows[0].slice(0, 2)).toEqual(['Deelnemer', 'E-mail']);
    expect(dutchRows.slice(1)).toEqual([[expect.any(String), a.learners[1].email, nameA]]);

    const [mailNoExport] = smtp.to(noExportA.email);
    expect(mailNoExport.subject).toBe('Je groepen deze week (test-W01)');
    expect(attachmentOf(mailNoExport)).toBeNull();
    expect(mailNoExport.text).toContain('Deelnemers te laat: 1');
    expect(mailNoExport.text).not.toContain('bijlage');

    const [mailB] = smtp.to(b.admins[0].email);
    expect(mailB.text).not.toContain(nameA);
    const rowsB = await rowsOf(attachmentOf(mailB)!.content, 'Enrollments');
    expect(rowsB.slice(1)).toEqual([[expect.any(String), b.learners[1].email, nameB]]);
    expect(smtp.to(off.email)).toEqual([]);
  });

  it('lists the learners at risk in the weekly digest, with a link to all of them', async () => {
    const f = await fixture(2);
    const now = new Date();
    const ids = await approvedDue(f, [3 * DAY, 5 * DAY], now);
    // Approved 20 days ago, nothing done, a few days left: far behind the elapsed share of the window.
    for (const documentId of ids)
      await strapi.db.query(ENROLLMENT).update({
        where: { documentId },
        data: { decidedAt: new Date(now.getTime() - 20 * DAY), progress: 0 },
      });
    await inTransaction((trx) => notifications.runWeeklyDigest(trx, now, 'test-W02'));
    await outbox.drain();
    const [mail] = smtp.to(f.admins[0].email);
    const text = mail.text.replace(/\r\n/g, '\n');
    expect(text).toContain('At-risk learners: 2');
    const name = (await strapi.db.query('plugin::groups.group').findOne({ where: { id: f.group.id } })).name;
    expect(text).toMatch(
      new RegExp(`At-risk learners:\\n- ${f.learners[0].username} — Course ${seq} <i> \\(${name}\\), \\d{4}-`)
    );
    expect(text).toMatch(/All of them: https?:\/\/\S+\/admin\/plugins\/groups\/enrollments\?flag=atRisk/);
    expect(mail.html).toContain('/admin/plugins/groups/enrollments?flag=atRisk');
  });

  it('alerts a manager of a parent group whose link includes sub-groups of a request in a sub-group, not one without', async () => {
    const parent = await fixture(0, [
      {},
      { rights: { includesSubGroups: false } },
      {},
      { rights: { includesSubGroups: false } },
    ]);
    const [inherits, direct, dailyInherits, dailyDirect] = parent.admins;
    await notifications.setPreferences('admin', dailyInherits.id, { newRequests: 'daily' });
    await notifications.setPreferences('admin', dailyDirect.id, { newRequests: 'daily' });
    const child = await fixture(1, [{ rights: { includesSubGroups: false } }]);
    await strapi
      .documents('plugin::groups.group')
      .update({ documentId: child.group.documentId, data: { parent: parent.group.documentId } as never });

    await requestEnrollment(strapi, child.learners[0].id, child.group, child.course);
    await outbox.drain();
    const alert = `New request: ${child.learners[0].username} for Course ${seq} <i>`;
    expect(subjectsTo(child.admins[0].email)).toEqual([alert]);
    expect(subjectsTo(inherits.email)).toEqual([alert]);
    for (const nobody of [direct, dailyInherits, dailyDirect]) expect(subjectsTo(nobody.email)).toEqual([]);

    await inTransaction((trx) => notifications.runRequestDigest(trx, new Date(), 'test-day-sub'));
    await outbox.drain();
    expect(subjectsTo(dailyInherits.email)).toEqual(['1 new requests in your groups']);
    expect(smtp.to(dailyInherits.email)[0].text).toContain(
      `${child.learners[0].username} — Course ${seq} <i>`
    );
    expect(subjectsTo(dailyDirect.email)).toEqual([]);
  });

  it('delivers each reminder once after the SMTP server refused mail for a while', async () => {
    const f = await fixture(2);
    const now = new Date();
    await approvedDue(f, [3 * DAY, -2 * DAY], now);
    smtp.refuse('Mailbox temporarily unavailable');
    try {
      await inTransaction((trx) => notifications.runReminders(trx, now));
      await outbox.drain({ now });
      // The next tick during the outage writes nothing new, and the retry is refused again.
      await inTransaction((trx) => notifications.runReminders(trx, new Date(now.getTime() + 60 * 60 * 1000)));
      await outbox.drain({ now: new Date(now.getTime() + DAY) });
      expect(smtp.messages).toEqual([]);
      expect(smtp.refused()).toBeGreaterThanOrEqual(4);
    } finally {
      smtp.refuse(null);
    }
    await outbox.drain({ now: new Date(now.getTime() + 2 * DAY) });
    await outbox.drain({ now: new Date(now.getTime() + 3 * DAY) });
    expect(f.learners.map((l) => subjectsTo(l.email))).toEqual([
      [`Course ${seq} <i> is due on ${new Date(now.getTime() + 3 * DAY).toISOString().slice(0, 10)}`],
      [`Course ${seq} <i> is overdue`],
    ]);
  });

  it('shows a manager the log of their groups, resends a failed email of theirs only, and keeps their preferences', async () => {
    const a = await fixture(1);
    const b = await fixture(1);
    const [tokenA, tokenB] = [
      await adminLogin(strapi, a.admins[0].email),
      await adminLogin(strapi, b.admins[0].email),
    ];
    await requestEnrollment(strapi, a.learners[0].id, a.group, a.course);
    await requestEnrollment(strapi, b.learners[0].id, b.group, b.course);
    smtp.refuse('Mailbox unavailable');
    const table = tableOf(strapi, 'plugin::groups.outbox-message');
    const col = (attribute: string) => columnOf(strapi, 'plugin::groups.outbox-message', attribute);
    await outbox.drain();
    smtp.refuse(null);
    // Given up on, as after the last attempt.
    await strapi.db
      .connection(table)
      .whereIn(col('recipientEmail'), [a.admins[0].email, b.admins[0].email])
      .update({ [col('state')]: 'failed', [col('lastError')]: 'Mailbox unavailable' });

    const log = await http(strapi).get('/groups/notifications').set(bearer(tokenA));
    expect(log.status).toBe(200);
    const failedA = log.body.data.find((row: { to: string }) => row.to === a.admins[0].email);
    expect(failedA).toMatchObject({
      kind: 'manager-new-request',
      state: 'failed',
      lastError: 'Mailbox unavailable',
    });
    expect(log.body.data.some((row: { to: string }) => row.to === b.admins[0].email)).toBe(false);
    const onlyFailed = await http(strapi).get('/groups/notifications?state=failed').set(bearer(tokenA));
    expect(onlyFailed.body.data.every((row: { state: string }) => row.state === 'failed')).toBe(true);
    expect((await http(strapi).get('/groups/notifications?state=lost').set(bearer(tokenA))).status).toBe(400);

    expect(
      (await http(strapi).post(`/groups/notifications/${failedA.id}/resend`).set(bearer(tokenB))).status
    ).toBe(403);
    expect(
      (await http(strapi).post('/groups/notifications/99999999/resend').set(bearer(tokenA))).status
    ).toBe(404);
    const resent = await http(strapi).post(`/groups/notifications/${failedA.id}/resend`).set(bearer(tokenA));
    expect([resent.status, resent.body.data.state]).toEqual([200, 'pending']);
    expect(
      (await http(strapi).post(`/groups/notifications/${failedA.id}/resend`).set(bearer(tokenA))).status
    ).toBe(400);
    await outbox.drain();
    expect(smtp.to(a.admins[0].email)).toHaveLength(1);
    expect(smtp.to(b.admins[0].email)).toHaveLength(0);

    // A manager's message to members is sent again from its message log, where the hourly limit applies.
    await strapi.db
      .connection(table)
      .where('id', failedA.id)
      .update({ [col('state')]: 'failed', [col('kind')]: 'member-message' });
    const viaLog = await http(strapi).post(`/groups/notifications/${failedA.id}/resend`).set(bearer(tokenA));
    expect([viaLog.status, viaLog.body.error.message]).toEqual([
      400,
      expect.stringContaining('message log on the Members page'),
    ]);
    expect(
      (await strapi.db.connection(table).first(col('state')).where('id', failedA.id))[col('state')]
    ).toBe('failed');

    const prefs = await http(strapi).get('/groups/notifications/preferences').set(bearer(tokenA));
    expect(prefs.body).toEqual({ data: { newRequests: 'immediate', weeklyDigest: true } });
    const put = await http(strapi)
      .put('/groups/notifications/preferences')
      .set(bearer(tokenA))
      .send({ newRequests: 'daily', weeklyDigest: false });
    expect(put.body).toEqual({ data: { newRequests: 'daily', weeklyDigest: false } });
    const wrong = await http(strapi)
      .put('/groups/notifications/preferences')
      .set(bearer(tokenA))
      .send({ newRequests: 'hourly', weeklyDigest: false });
    expect([wrong.status, wrong.body.error.message]).toEqual([
      400,
      expect.stringContaining('body.newRequests'),
    ]);
    expect(
      (await http(strapi).get('/groups/notifications/preferences').set(bearer(tokenA))).body.data
    ).toEqual({
      newRequests: 'daily',
      weeklyDigest: false,
    });
  });

  (onPostgres ? it : it.skip)(
    'two Strapi processes running the worker and the cron jobs: each reminder and digest arrives once (PostgreSQL only: SQLite has one writer, so a site on SQLite runs one node)',
    async () => {
      const node = forkSecondNode();
      const call = node.call;
      const invoke = (name: string) => {
        const found = strapi.cron.jobs.find((spec) => spec.name === name);
        if (!found) throw new Error(`The cron job ${name} is not registered.`);
        return found.job.invoke() as unknown as Promise<unknown>;
      };
      try {
        await node.ready;
        const f = await fixture(4, [{}, {}, {}]);
        await notifications.setPreferences('admin', f.admins[1].id, { newRequests: 'daily' });
        await approvedDue(f, [3 * DAY, 12 * 60 * 60 * 1000, -2 * DAY]);
        // The daily digest has one request of the day to gather.
        await requestEnrollment(strapi, f.learners[3].id, f.group, f.course);
        await outbox.drain();
        smtp.clear();
        const claims = tableOf(strapi, 'plugin::groups.period-claim');
        await strapi.db
          .connection(claims)
          .whereIn('job', ['reminders', 'request-digest', 'weekly-digest'])
          .delete();

        const jobs = ['groups:reminders', 'groups:request-digest', 'groups:weekly-digest'];
        outbox.startWorker(20);
        await call('startWorker', { intervalMs: 20 });
        await Promise.all([
          ...jobs.flatMap((job) => [
            invoke(job),
            call('invokeCron', { name: job }),
            invoke(job),
            call('invokeCron', { name: job }),
          ]),
          outbox.drain(),
          call('drain'),
        ]);
        await Promise.all([outbox.drain(), call('drain')]);
        await Promise.all([outbox.stopWorker(), call('stopWorker')]);
        await outbox.drain();

        const count = (address: string, subject: RegExp) =>
          smtp.to(address).filter((m) => subject.test(m.subject)).length;
        const [soon, tomorrow, overdue, requester] = f.learners;
        expect([
          count(soon.email, /is due on/),
          count(tomorrow.email, /is due tomorrow/),
          count(overdue.email, /is overdue/),
          count(requester.email, /due|overdue/),
        ]).toEqual([1, 1, 1, 0]);
        expect(f.admins.map((m) => count(m.email, /^Your groups this week/))).toEqual([1, 1, 1]);
        expect(f.admins.map((m) => count(m.email, /new requests in your groups$/))).toEqual([0, 1, 0]);
        const mine = (await outbox.list()).filter((row) =>
          [...f.admins, ...f.learners].some((p) => p.email === row.to)
        );
        expect(mine.filter((row) => row.state !== 'sent')).toEqual([]);
      } finally {
        await node.stop();
      }
    }
  );
});
