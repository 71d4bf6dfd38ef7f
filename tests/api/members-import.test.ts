/**
 * Bulk import of members from .xlsx and .csv files made with exceljs here: a 500-row class list applied in
 * one transaction with a bounded number of SQL statements, every kind of bad row reported in the preview
 * and refusing the whole file, invitations delivered to a real SMTP server on 127.0.0.1, and scope.
 */
import ExcelJS from 'exceljs';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { recordStatements } from '../helpers/sql';
import { bearer, createLearner, http, registerSuperAdmin } from '../helpers/http';
import { createGroup, createManager, createManagerRole, memberIds } from '../helpers/members';
import { startSmtp, type TestSmtp } from '../helpers/smtp';

type Cell = ExcelJS.CellValue;

const xlsx = async (rows: Cell[][], { titleRow = false } = {}) => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Class list');
  if (titleRow) sheet.addRow(['Spring intake 2026']);
  sheet.addRow(['Email', 'Username']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

const csv = (lines: string[], delimiter = ',') =>
  Buffer.from(['email' + delimiter + 'username', ...lines].join('\r\n'), 'utf8');

const USERS = 'plugin::users-permissions.user';

describe('member import (real Strapi, real SMTP)', () => {
  let app: TestStrapi;
  let smtp: TestSmtp;
  let groupA: { id: number; documentId: string };
  let managerA: string;
  let readOnlyA: string;
  let managerB: string;
  let existing: Awaited<ReturnType<typeof createLearner>>;
  let alreadyMember: Awaited<ReturnType<typeof createLearner>>;
  let blocked: Awaited<ReturnType<typeof createLearner>>;

  const preview = (token: string, file: Buffer, name: string, groupId = groupA.documentId) =>
    http(app.strapi)
      .post(`/groups/groups/${groupId}/members-import/preview`)
      .set(bearer(token))
      .attach('file', file, name);
  const apply = (token: string, file: Buffer, name: string, groupId = groupA.documentId) =>
    http(app.strapi)
      .post(`/groups/groups/${groupId}/members-import`)
      .set(bearer(token))
      .attach('file', file, name);

  const countUsers = () => app.strapi.db.query(USERS).count({});

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.SMTP_PORT = String(smtp.port);
    app = await bootStrapi();
    const { strapi } = app;
    await registerSuperAdmin(strapi);
    await createManagerRole(strapi);
    groupA = await createGroup(strapi, 'Import class');
    const groupB = await createGroup(strapi, 'Other class');
    existing = await createLearner(strapi, 'existing-one');
    alreadyMember = await createLearner(strapi, 'member-one');
    blocked = await createLearner(strapi, 'blocked-one');
    await strapi.db.query(USERS).update({ where: { id: blocked.id }, data: { blocked: true } });
    await strapi.documents('plugin::groups.group').update({
      documentId: groupA.documentId,
      data: { members: [alreadyMember.documentId] } as never,
    });
    managerA = (await createManager(strapi, 'import-a@test.local', [{ groupDocumentId: groupA.documentId }]))
      .token;
    readOnlyA = (
      await createManager(strapi, 'import-ro@test.local', [
        { groupDocumentId: groupA.documentId, canManageMembers: false },
      ])
    ).token;
    managerB = (await createManager(strapi, 'import-b@test.local', [{ groupDocumentId: groupB.documentId }]))
      .token;
  });

  afterAll(async () => {
    await app?.stop();
    await smtp?.stop();
  });

  it('reports every kind of bad row in the preview and applies nothing from such a file', async () => {
    const rows: Cell[][] = [
      ['good@example.test', 'good-one'], // 3
      [null, 'no-email'], // 4: missing email
      ['not-an-email', ''], // 5: malformed
      ['Good@Example.test', ''], // 6: duplicate of row 3
      [blocked.email, ''], // 7: existing user who may not be added
      [`${'x'.repeat(250)}@example.test`, ''], // 8: over-long email
      ['long-name@example.test', 'n'.repeat(101)], // 9: over-long username
      [{ formula: 'HYPERLINK("http://evil.test","click")', result: 'click' } as Cell, ''], // 10: a real formula
      ['=cmd|"/c calc"!A1', ''], // 11: formula-like text
      ['+31@example.test', ''], // 12
      ['@SUM(A1)@example.test', ''], // 13
      ['\tevil@example.test', ''], // 14
      ['minus@example.test', '-1'], // 15: formula-like username
      ['taken@example.test', existing.username], // 16: username of another account
      ['short@example.test', 'ab'], // 17: too-short username
      [existing.email, ''], // 18: fine: existing account
    ];
    const usersBefore = await countUsers();
    const membersBefore = await memberIds(app.strapi, groupA.documentId);
    smtp.clear();

    const res = await preview(managerA, await xlsx(rows, { titleRow: true }), 'class.xlsx');
    expect(res.status).toBe(200);
    const byRow = new Map<number, { outcome: string; errors: Array<{ code: string; column: string }> }>(
      res.body.data.rows.map((r: { row: number }) => [r.row, r])
    );
    const codes = (row: number) => byRow.get(row)!.errors.map((e) => e.code);
    expect(byRow.get(3)!.outcome).toBe('invite');
    expect(codes(4)).toEqual(['missing-email']);
    expect(codes(5)).toEqual(['invalid-email']);
    expect(codes(6)).toEqual(['duplicate']);
    expect(codes(7)).toEqual(['blocked']);
    expect(codes(8)).toEqual(['too-long']);
    expect(codes(9)).toEqual(['too-long']);
    for (const row of [10, 11, 12, 13, 14]) expect(codes(row)).toEqual(['formula']);
    expect(byRow.get(15)!.errors).toEqual([expect.objectContaining({ code: 'formula', column: 'username' })]);
    expect(codes(16)).toEqual(['username-taken']);
    expect(codes(17)).toEqual(['too-short']);
    expect(byRow.get(18)!.outcome).toBe('add');
    expect(res.body.data.summary).toEqual({ rows: 16, add: 1, invite: 1, alreadyMember: 0, errors: 14 });

    const applied = await apply(managerA, await xlsx(rows, { titleRow: true }), 'class.xlsx');
    expect(applied.status).toBe(400);
    expect(applied.body.error.message).toMatch(/14 row\(s\) with errors; nothing was imported/);
    expect(applied.body.error.details.rows).toHaveLength(14);
    expect(await countUsers()).toBe(usersBefore);
    expect(await memberIds(app.strapi, groupA.documentId)).toEqual(membersBefore);
    expect(await app.strapi.db.query('plugin::groups.invitation').count({})).toBe(0);
    expect(smtp.messages).toHaveLength(0);
  });

  it('refuses files that are not a readable sheet of members', async () => {
    const junk = await preview(managerA, Buffer.from('%PDF-1.4 not a sheet'), 'class.xlsx');
    expect(junk.status).toBe(400);
    expect(junk.body.error.message).toMatch(/xlsx/);
    expect((await preview(managerA, Buffer.from('hello'), 'class.pdf')).status).toBe(400);
    const noHeader = await preview(managerA, Buffer.from('name,city\r\nAnn,Delft'), 'class.csv');
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.error.message).toMatch(/email/);
    const empty = await preview(managerA, Buffer.from('email,username\r\n'), 'class.csv');
    expect(empty.status).toBe(400);
    const tooMany = csv(Array.from({ length: 5001 }, (_, i) => `p${i}@example.test,`));
    expect((await preview(managerA, tooMany, 'big.csv')).status).toBe(400);
    const none = await http(app.strapi)
      .post(`/groups/groups/${groupA.documentId}/members-import/preview`)
      .set(bearer(managerA))
      .send({});
    expect(none.status).toBe(400);
  });

  it('keeps imports inside the scope', async () => {
    const file = csv(['scoped@example.test,']);
    expect((await preview(managerB, file, 'a.csv')).status).toBe(403);
    expect((await apply(managerB, file, 'a.csv')).status).toBe(403);
    expect((await apply(readOnlyA, file, 'a.csv')).status).toBe(403);
    expect((await apply(managerA, file, 'a.csv', 'no-such-group')).status).toBe(404);
    expect(await app.strapi.db.query(USERS).count({ where: { email: 'scoped@example.test' } })).toBe(0);
  });

  it('applies a 500-row .xlsx in one go: adds existing accounts, invites the rest, emails each newcomer', async () => {
    const { strapi } = app;
    const newcomers = Array.from(
      { length: 497 },
      (_, i) => `student${String(i).padStart(3, '0')}@school.test`
    );
    const rows: Cell[][] = [
      [existing.email.toUpperCase(), ''],
      [alreadyMember.email, ''],
      [{ text: 'linked@school.test', hyperlink: 'mailto:linked@school.test' } as Cell, 'linked'],
      ...newcomers.map((email, i) => [email, i % 2 === 0 ? `student-${i}` : ''] as Cell[]),
    ];
    const file = await xlsx(rows, { titleRow: true });

    const res = await preview(managerA, file, 'intake.xlsx');
    expect(res.status).toBe(200);
    expect(res.body.data.summary).toEqual({ rows: 500, add: 1, invite: 498, alreadyMember: 1, errors: 0 });

    smtp.clear();
    const usersBefore = await countUsers();
    let applied!: Awaited<ReturnType<typeof apply>>;
    const statements = (
      await recordStatements(strapi, async () => {
        applied = await apply(managerA, file, 'intake.xlsx');
      })
    ).length;
    expect(applied.status).toBe(200);
    expect(applied.body.data).toEqual({
      summary: { rows: 500, add: 1, invite: 498, alreadyMember: 1, errors: 0 },
      invitationsSent: 498,
      invitationsFailed: 0,
    });
    // Multi-row inserts, not one chain of statements per row.
    expect(statements).toBeGreaterThan(3);
    expect(statements).toBeLessThan(120);

    expect(await countUsers()).toBe(usersBefore + 498);
    const members = await memberIds(strapi, groupA.documentId);
    expect(members).toEqual(expect.arrayContaining([existing.id, alreadyMember.id]));
    expect(members).toHaveLength(2);
    const created = await strapi.db.query(USERS).findMany({
      where: { email: { $in: [newcomers[0], newcomers[1], 'linked@school.test'] } },
      populate: ['role'],
      orderBy: { email: 'asc' },
    });
    expect(
      created.map((u: { username: string; confirmed: boolean; role: { type: string } }) => [
        u.username,
        u.confirmed,
        u.role.type,
      ])
    ).toEqual([
      ['linked', false, 'authenticated'],
      ['student-0', false, 'authenticated'],
      [newcomers[1], false, 'authenticated'],
    ]);
    expect(smtp.messages).toHaveLength(498);
    expect(smtp.to(newcomers[496])).toHaveLength(1);

    // The emailed link of one newcomer works: they join the group.
    const token = new URL(/(http\S+)/.exec(smtp.to(newcomers[7])[0].text)![1]).searchParams.get('token')!;
    const accepted = await http(strapi)
      .post('/api/groups/invitations/accept')
      .send({ token, password: 'Import-pass-2026' });
    expect(accepted.status).toBe(200);
    expect(await memberIds(strapi, groupA.documentId)).toHaveLength(3);
  });

  it('applies a semicolon .csv of 500 rows, and a second run changes nothing it should not', async () => {
    const { strapi } = app;
    const group = await createGroup(strapi, 'CSV class');
    const manager = (
      await createManager(strapi, 'import-csv@test.local', [{ groupDocumentId: group.documentId }])
    ).token;
    const lines = [
      `${existing.email};`,
      ...Array.from({ length: 499 }, (_, i) => `csv${i}@school.test;${i % 3 === 0 ? `csv-user-${i}` : ''}`),
    ];
    const file = csv(lines, ';');
    smtp.clear();
    const res = await apply(manager, file, 'class.csv', group.documentId);
    expect(res.status).toBe(200);
    expect(res.body.data.summary).toEqual({ rows: 500, add: 1, invite: 499, alreadyMember: 0, errors: 0 });
    expect(smtp.messages).toHaveLength(499);
    expect(await strapi.db.query(USERS).findOne({ where: { email: 'csv3@school.test' } })).toMatchObject({
      username: 'csv-user-3',
    });

    const usersBefore = await countUsers();
    const again = await preview(manager, file, 'class.csv', group.documentId);
    expect(again.body.data.summary).toEqual({ rows: 500, add: 0, invite: 499, alreadyMember: 1, errors: 0 });
    const reapplied = await apply(manager, file, 'class.csv', group.documentId);
    expect(reapplied.status).toBe(200);
    expect(await countUsers()).toBe(usersBefore);
    // One pending invitation per account and group: the second run renewed them.
    const pending = await http(strapi)
      .get(`/groups/groups/${group.documentId}/invitations`)
      .set(bearer(manager));
    expect(pending.body.data).toHaveLength(499);
  });

  it('skips the rows with errors when asked, importing the valid ones together', async () => {
    const { strapi } = app;
    const group = await createGroup(strapi, 'Skip class');
    const manager = (
      await createManager(strapi, 'import-skip@test.local', [{ groupDocumentId: group.documentId }])
    ).token;
    const file = csv([
      `${existing.email},`,
      'not-an-email,',
      'skip-new@example.test,skip-new',
      `${blocked.email},`,
    ]);
    const path = `/groups/groups/${group.documentId}/members-import`;
    smtp.clear();
    const refused = await http(strapi)
      .post(path)
      .query({ skipInvalid: 'false' })
      .set(bearer(manager))
      .attach('file', file, 'class.csv');
    expect(refused.status).toBe(400);
    expect(await memberIds(strapi, group.documentId)).toEqual([]);
    expect(
      (
        await http(strapi)
          .post(path)
          .query({ skipInvalid: 'yes' })
          .set(bearer(manager))
          .attach('file', file, 'class.csv')
      ).status
    ).toBe(400);

    const res = await http(strapi)
      .post(path)
      .query({ skipInvalid: 'true' })
      .set(bearer(manager))
      .attach('file', file, 'class.csv');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      summary: { rows: 4, add: 1, invite: 1, alreadyMember: 0, errors: 2 },
      invitationsSent: 1,
      invitationsFailed: 0,
    });
    expect(await memberIds(strapi, group.documentId)).toEqual([existing.id]);
    expect(smtp.to('skip-new@example.test')).toHaveLength(1);
    expect(await strapi.db.query(USERS).count({ where: { email: 'not-an-email' } })).toBe(0);
  });
});
