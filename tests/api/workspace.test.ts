/**
 * The manager workspace API against a real Strapi: overview, enrollment list, actions, report and Excel
 * export, as managers of different groups with different rights. Scope: a manager of B never sees or
 * touches A (403, no leaked rows); bad input is a 400 with a sentence, never a 500.
 */
import ExcelJS from 'exceljs';
import { EXPORT_WORDS } from '../../common/domain/export-words';
import type { Response } from 'supertest';
import type { EnrollmentRow, ReportResponse } from '../../common/contracts/report';
import type { EnrollmentListResponse, OverviewResponse } from '../../common/contracts/workspace';
import { enrollmentRowsRepository, type ExportRow } from '../../server/src/repositories/enrollment-rows';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { bearer, http, registerSuperAdmin } from '../helpers/http';
import { COURSE_TITLES, ENROLLMENT_UID, buildWorld, type World } from '../helpers/workspace-fixtures';
import { binary, readWorkbook } from '../helpers/xlsx';

/** exceljs reads a number with a time format back as a Date counted from Excel's epoch, 1899-12-30. */
const durationSeconds = (value: unknown) =>
  value instanceof Date ? (value.getTime() - Date.UTC(1899, 11, 30)) / 1000 : Number(value) * 86400;

const expect400 = (res: Response, pattern: RegExp) => {
  expect(res.status).toBe(400);
  expect(res.body.error.message).toMatch(pattern);
};

describe('manager workspace API (real Strapi)', () => {
  let app: TestStrapi;
  let world: World;

  const get = (token: string, url: string, query: Record<string, unknown> = {}) =>
    http(app.strapi).get(url).query(query).set(bearer(token));

  const stored = (documentId: string) =>
    app.strapi.db.query(ENROLLMENT_UID).findOne({ where: { documentId } }) as Promise<{
      state: string;
      attendance: string;
      reason: string | null;
    }>;

  const enrollmentsOf = (group: 'A' | 'B', state?: string) =>
    world.enrollments.filter((e) => e.group === group && (!state || e.state === state));

  beforeAll(async () => {
    app = await bootStrapi();
    const owner = await registerSuperAdmin(app.strapi);
    world = await buildWorld(app.strapi, owner.token);
  });

  afterAll(async () => {
    await app?.stop();
  });

  describe('overview', () => {
    it('shows a manager only their groups, with counts', async () => {
      const res = await get(world.tokens.fullA, '/groups/workspace/overview');
      expect(res.status).toBe(200);
      const body = res.body as OverviewResponse;
      expect(body.data.map((g) => g.name)).toEqual(['Group A']);
      expect(body.data[0]).toMatchObject({
        documentId: world.groupA.documentId,
        members: 10,
        pendingRequests: 4,
        waitlisted: 1,
        seatsUsed: 4,
        completed: 1,
        enrollments: 12,
        completionRate: 1 / 5,
        seatLimit: 20,
        rights: { viewReports: true, manageEnrollments: true },
      });
      expect(body.data[0].courses.map((c) => c.title).sort()).toEqual(
        [COURSE_TITLES[0], COURSE_TITLES[1]].sort()
      );
    });

    it('shows the Super Admin every group and a manager without links none', async () => {
      const owner = await get(world.tokens.owner, '/groups/workspace/overview');
      expect(owner.body.data.map((g: { name: string }) => g.name)).toEqual(['Group A', 'Group B']);
      expect(owner.body.meta.all).toBe(true);
      const none = await get(world.tokens.noLinks, '/groups/workspace/overview');
      expect(none.status).toBe(200);
      expect(none.body.data).toEqual([]);
    });

    it('pages and searches the groups by name, with totals over the whole scope', async () => {
      const owner = await get(world.tokens.owner, '/groups/workspace/overview', { pageSize: 1, page: 2 });
      expect(owner.status).toBe(200);
      const body = owner.body as OverviewResponse;
      expect(body.data.map((g) => g.name)).toEqual(['Group B']);
      expect(body.meta.pagination).toEqual({ page: 2, pageSize: 1, pageCount: 2, total: 2 });
      expect(body.meta.anyGroup.exportReports).toBe(true);
      const all = await get(world.tokens.owner, '/groups/workspace/overview');
      expect(body.meta.pendingRequests).toBe(
        (all.body as OverviewResponse).data.reduce((sum, g) => sum + g.pendingRequests, 0)
      );
      // A manager's count starts from their groups' link rows: the same sum over their groups alone.
      const manager = await get(world.tokens.fullA, '/groups/workspace/overview');
      expect(manager.body.meta.all).toBe(false);
      expect(manager.body.meta.pendingRequests).toBeGreaterThan(0);
      expect(manager.body.meta.pendingRequests).toBe(
        (manager.body as OverviewResponse).data.reduce((sum, g) => sum + g.pendingRequests, 0)
      );
      const found = await get(world.tokens.owner, '/groups/workspace/overview', { search: 'p a' });
      expect(found.body.data.map((g: { name: string }) => g.name)).toEqual(['Group A']);
      const none = await get(world.tokens.fullA, '/groups/workspace/overview', { search: 'Group B' });
      expect(none.body.data).toEqual([]);
      expect(none.body.meta.pagination.total).toBe(0);
      expect400(await get(world.tokens.owner, '/groups/workspace/overview', { pageSize: 101 }), /pageSize/);
      expect400(await get(world.tokens.owner, '/groups/workspace/overview', { sort: 'name' }), /sort/);
    });

    it('looks up readable groups and their courses by name, a bounded few', async () => {
      const groups = await get(world.tokens.owner, '/groups/lookup/groups', { search: 'group', limit: 1 });
      expect(groups.status).toBe(200);
      expect(groups.body.data).toEqual([{ documentId: world.groupA.documentId, label: 'Group A' }]);
      const mine = await get(world.tokens.fullA, '/groups/lookup/groups', { search: 'group' });
      expect(mine.body.data.map((g: { label: string }) => g.label)).toEqual(['Group A']);
      const courses = await get(world.tokens.fullA, '/groups/lookup/courses', {
        group: world.groupA.documentId,
      });
      expect(courses.body.data.map((c: { label: string }) => c.label).sort()).toEqual(
        [COURSE_TITLES[0], COURSE_TITLES[1]].sort()
      );
      const chosen = await get(world.tokens.fullA, '/groups/lookup/courses', {
        documentId: courses.body.data[0].documentId,
      });
      expect(chosen.body.data).toEqual([courses.body.data[0]]);
      expect(
        (await get(world.tokens.fullA, '/groups/lookup/groups', { documentId: world.groupB.documentId }))
          .status
      ).toBe(403);
      expect400(await get(world.tokens.owner, '/groups/lookup/groups', { limit: 51 }), /limit/);
      expect400(await get(world.tokens.owner, '/groups/lookup/courses', { right: 'fly' }), /right/);
    });

    it("gives a picker's chosen group alone, in scope only, and lookups may leave archived groups out", async () => {
      const one = await get(world.tokens.owner, '/groups/workspace/overview', {
        group: world.groupB.documentId,
        pageSize: 1,
      });
      expect(one.status).toBe(200);
      expect(one.body.data.map((g: { name: string }) => g.name)).toEqual(['Group B']);
      expect(one.body.meta.pagination.total).toBe(1);
      const outside = await get(world.tokens.fullA, '/groups/workspace/overview', {
        group: world.groupB.documentId,
      });
      expect(outside.body.data).toEqual([]);
      expect400(
        await get(world.tokens.owner, '/groups/workspace/overview', { group: 'not an id!' }),
        /group/
      );

      const groupB = { where: { documentId: world.groupB.documentId } };
      await app.strapi.db
        .query('plugin::groups.group')
        .update({ ...groupB, data: { archivedAt: new Date() } });
      try {
        const open = await get(world.tokens.owner, '/groups/lookup/groups', { archived: 'false' });
        expect(open.body.data.map((g: { label: string }) => g.label)).toEqual(['Group A']);
        const all = await get(world.tokens.owner, '/groups/lookup/groups');
        expect(all.body.data.map((g: { label: string }) => g.label)).toEqual(['Group A', 'Group B']);
        expect400(await get(world.tokens.owner, '/groups/lookup/groups', { archived: 'yes' }), /archived/);
      } finally {
        await app.strapi.db.query('plugin::groups.group').update({ ...groupB, data: { archivedAt: null } });
      }
    });

    it('refuses anonymous callers', async () => {
      const res = await http(app.strapi).get('/groups/workspace/overview');
      expect(res.status).toBe(401);
    });
  });

  describe('enrollment list', () => {
    it('lists only in-scope rows, paginated and sorted', async () => {
      const res = await get(world.tokens.fullA, '/groups/enrollments', {
        pageSize: 5,
        sort: 'requestedAt:asc',
      });
      expect(res.status).toBe(200);
      const body = res.body as EnrollmentListResponse;
      expect(body.meta.pagination).toEqual({ page: 1, pageSize: 5, pageCount: 3, total: 12 });
      expect(body.data).toHaveLength(5);
      const dates = body.data.map((r) => r.requestedAt!);
      expect([...dates].sort()).toEqual(dates);
      expect(body.data.every((r) => r.group.name === 'Group A' && r.canManage)).toBe(true);
      const page3 = await get(world.tokens.fullA, '/groups/enrollments', { pageSize: 5, page: 3 });
      expect(page3.body.data).toHaveLength(2);
    });

    it('filters by state, course, period and search', async () => {
      const requested = await get(world.tokens.fullA, '/groups/enrollments', {
        state: 'requested,waitlisted',
      });
      expect(requested.body.meta.pagination.total).toBe(5);
      expect(
        requested.body.data.every((r: EnrollmentRow) => ['requested', 'waitlisted'].includes(r.state))
      ).toBe(true);

      const course = await get(world.tokens.fullA, '/groups/enrollments', {
        course: world.courses[1].documentId,
      });
      expect(course.body.meta.pagination.total).toBe(2);

      // requestedAt of A's enrollments is 2026-10-01 + n days, n = 0..9, 12, 14
      const period = await get(world.tokens.fullA, '/groups/enrollments', {
        periodField: 'requested',
        from: '2026-10-03',
        to: '2026-10-05',
      });
      expect(period.body.meta.pagination.total).toBe(3);

      // A bare date is a day in the asker's time zone: 3 October on Kiritimati (UTC+14) ends at 10:00 UTC,
      // so the row requested at 10:00 UTC on 2 October is in it, and the one of 3 October is not.
      const oneDay = { periodField: 'requested', from: '2026-10-03', to: '2026-10-03' };
      const utcDay = await get(world.tokens.fullA, '/groups/enrollments', oneDay);
      const kiritimatiDay = await get(world.tokens.fullA, '/groups/enrollments', {
        ...oneDay,
        timeZone: 'Pacific/Kiritimati',
      });
      expect(utcDay.body.data.map((r: EnrollmentRow) => r.requestedAt)).toEqual(['2026-10-03T10:00:00.000Z']);
      expect(kiritimatiDay.body.data.map((r: EnrollmentRow) => r.requestedAt)).toEqual([
        '2026-10-02T10:00:00.000Z',
      ]);

      const search = await get(world.tokens.fullA, '/groups/enrollments', { search: 'SANNE' });
      expect(search.body.data.map((r: EnrollmentRow) => r.learner.username)).toEqual(['sanne']);

      const percent = await get(world.tokens.fullA, '/groups/enrollments', { search: '%' });
      expect(percent.body.meta.pagination.total).toBe(0);
    });

    it('never shows rows of another manager’s group', async () => {
      const res = await get(world.tokens.fullB, '/groups/enrollments', { pageSize: 100 });
      expect(res.body.meta.pagination.total).toBe(4);
      expect(res.body.data.every((r: EnrollmentRow) => r.group.documentId === world.groupB.documentId)).toBe(
        true
      );
      const asked = await get(world.tokens.fullB, '/groups/enrollments', { group: world.groupA.documentId });
      expect(asked.status).toBe(403);
      expect(JSON.stringify(asked.body)).not.toContain('lotte');
    });

    it('shows a read-only manager the rows without the right to act', async () => {
      const res = await get(world.tokens.readA, '/groups/enrollments');
      expect(res.body.meta.pagination.total).toBe(12);
      expect(res.body.data.every((r: EnrollmentRow) => r.canManage === false)).toBe(true);
    });

    it('answers unknown groups with 404 and bad input with 400', async () => {
      expect((await get(world.tokens.owner, '/groups/enrollments', { group: 'nope123' })).status).toBe(404);
      expect((await get(world.tokens.owner, '/groups/enrollments', { course: 'nope123' })).status).toBe(404);
      expect400(await get(world.tokens.fullA, '/groups/enrollments', { page: 'two' }), /query\.page/);
      expect400(await get(world.tokens.fullA, '/groups/enrollments', { pageSize: 1000 }), /at most 100/);
      expect400(await get(world.tokens.fullA, '/groups/enrollments', { state: 'done' }), /query\.state/);
      expect400(
        await get(world.tokens.fullA, '/groups/enrollments', { sort: 'password:asc' }),
        /query\.sort/
      );
      expect400(await get(world.tokens.fullA, '/groups/enrollments', { from: '2026-13-45' }), /query\.from/);
      expect400(
        await get(world.tokens.fullA, '/groups/enrollments', { from: '2026-10-01', timeZone: 'Mars/Base' }),
        /query\.timeZone/
      );
      expect400(
        await get(world.tokens.fullA, '/groups/enrollments', { from: '2026-10-05', to: '2026-10-01' }),
        /query\.to/
      );
      expect400(
        await get(world.tokens.fullA, '/groups/enrollments', { groupId: 1 }),
        /unrecognized|groupId/i
      );
      expect400(
        await get(world.tokens.fullA, '/groups/enrollments', { group: "x' OR 1=1 --" }),
        /document id/
      );
    });
  });

  describe('attendance', () => {
    it('is set by a manager of the group on an approved enrollment', async () => {
      const target = enrollmentsOf('A', 'approved')[0];
      const res = await http(app.strapi)
        .put(`/groups/enrollments/${target.documentId}/attendance`)
        .set(bearer(world.tokens.fullA))
        .send({ attendance: 'present' });
      expect(res.status).toBe(200);
      expect(res.body.data.attendance).toBe('present');
      expect((await stored(target.documentId)).attendance).toBe('present');
    });

    it('is refused outside scope, without the right, for unknown ids and bad values', async () => {
      const target = enrollmentsOf('A', 'approved')[1];
      const put = (token: string, id: string, body: unknown) =>
        http(app.strapi)
          .put(`/groups/enrollments/${id}/attendance`)
          .set(bearer(token))
          .send(body as object);
      expect((await put(world.tokens.fullB, target.documentId, { attendance: 'absent' })).status).toBe(403);
      expect((await put(world.tokens.readA, target.documentId, { attendance: 'absent' })).status).toBe(403);
      expect((await put(world.tokens.fullA, 'doesnotexist', { attendance: 'absent' })).status).toBe(404);
      expect400(
        await put(world.tokens.fullA, target.documentId, { attendance: 'maybe' }),
        /body\.attendance/
      );
      expect400(await put(world.tokens.fullA, target.documentId, {}), /body\.attendance/);
      expect400(
        await put(world.tokens.fullA, enrollmentsOf('A', 'requested')[0].documentId, {
          attendance: 'present',
        }),
        /approved or completed/
      );
      expect((await stored(target.documentId)).attendance).toBe('unknown');
    });
  });

  describe('report', () => {
    it('returns rows, totals and the status mix per course of the filtered rows', async () => {
      const res = await get(world.tokens.fullA, '/groups/reports', { pageSize: 100 });
      expect(res.status).toBe(200);
      const body = res.body as ReportResponse;
      expect(body.data).toHaveLength(12);
      const { totals, mix } = body.meta;
      expect(totals.total).toBe(12);
      expect(totals.byState).toMatchObject({ requested: 4, approved: 4, completed: 1, waitlisted: 1 });
      expect(totals.completed).toBe(1);
      expect(totals.inProgress + totals.notStarted).toBe(4);
      const inProgress = body.data.filter(
        (r) => r.state === 'approved' && ((r.progress ?? 0) > 0 || r.startedAt)
      );
      expect(totals.inProgress).toBe(inProgress.length);
      expect(totals.averageScore).toBe(80);
      const seated = body.data.filter((r) => r.state === 'approved' || r.state === 'completed');
      expect(totals.averageProgress).toBeCloseTo(
        seated.reduce((s, r) => s + (r.progress ?? 0), 0) / seated.length
      );
      expect(mix.map((m) => m.total).reduce((a, b) => a + b, 0)).toBe(12);
      expect(mix.find((m) => m.course.title === COURSE_TITLES[1])?.counts).toMatchObject({
        approved: 1,
        requested: 1,
      });
    });

    it('filters by the completed period', async () => {
      const res = await get(world.tokens.owner, '/groups/reports', {
        periodField: 'completed',
        from: '2026-10-01',
      });
      expect(res.body.meta.totals.total).toBe(2);
      expect(res.body.data.every((r: EnrollmentRow) => r.state === 'completed')).toBe(true);
    });

    it('is scoped: B’s manager sees no row of A; without viewReports nothing', async () => {
      const b = await get(world.tokens.fullB, '/groups/reports');
      expect(b.body.meta.totals.total).toBe(4);
      expect(
        (await get(world.tokens.fullB, '/groups/reports', { group: world.groupA.documentId })).status
      ).toBe(403);
      const none = await get(world.tokens.noLinks, '/groups/reports');
      expect(none.status).toBe(200);
      expect(none.body.meta.totals.total).toBe(0);
      expect(none.body.data).toEqual([]);
      expect400(await get(world.tokens.fullA, '/groups/reports', { periodField: 'decided' }), /periodField/);
    });
  });

  describe('Excel export', () => {
    const download = (token: string, query: Record<string, unknown> = {}) =>
      get(token, '/groups/reports/export', query).buffer(true).parse(binary);

    it('streams exactly the filtered, in-scope rows with typed cells and no formulas', async () => {
      const res = await download(world.tokens.fullA);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/spreadsheetml/);
      expect(res.headers['content-disposition']).toMatch(
        /attachment; filename="groups-report-all-groups-\d{4}-\d{2}-\d{2}\.xlsx"/
      );
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-groups-export-rows']).toBe('12');
      const workbook = await readWorkbook(res.body as Buffer);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', 'Enrollments']);

      const detail = workbook.getWorksheet('Enrollments')!;
      const header = (detail.getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual([
        'Learner',
        'Email',
        'Group',
        'Course',
        'Status',
        'Requested',
        'Started',
        'Progress',
        'Time spent',
        'Score',
        'Completed',
        'Attendance',
        'Due date',
        'Expires',
        'Flags',
        'Group path',
      ]);
      expect(detail.rowCount).toBe(13);
      expect(detail.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(detail.autoFilter).toBeTruthy();

      const api = await get(world.tokens.fullA, '/groups/reports', { pageSize: 100 });
      const apiRows = new Map(
        (api.body.data as EnrollmentRow[]).map((r) => [`${r.learner.email}|${r.course.title}`, r])
      );
      let formulas = 0;
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row) =>
          row.eachCell((cell) => {
            if (cell.type === ExcelJS.ValueType.Formula || cell.formula) formulas += 1;
            if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
          })
        )
      );
      expect(formulas).toBe(0);

      for (let i = 2; i <= detail.rowCount; i += 1) {
        const row = detail.getRow(i);
        const email = row.getCell(2).value as string;
        const course = String(row.getCell(4).value);
        const apiRow = apiRows.get(`${email}|${course.replace(/^'/, '')}`);
        expect(apiRow).toBeDefined();
        expect(row.getCell(3).value).toBe('Group A');
        expect(row.getCell(5).value).toBe(EXPORT_WORDS.en.states[apiRow!.state]);
        expect(row.getCell(6).value).toBeInstanceOf(Date);
        expect((row.getCell(6).value as Date).toISOString()).toBe(apiRow!.requestedAt);
        expect(row.getCell(8).value).toBeCloseTo((apiRow!.progress ?? 0) / 100);
        expect(row.getCell(8).numFmt).toBe('0%');
        expect(durationSeconds(row.getCell(9).value)).toBeCloseTo(apiRow!.timeSpent ?? 0);
        expect(row.getCell(9).numFmt).toBe('[h]:mm:ss');
        expect(row.getCell(12).value).toBe(EXPORT_WORDS.en.attendance[apiRow!.attendance]);
        apiRows.delete(`${email}|${course.replace(/^'/, '')}`);
      }
      expect(apiRows.size).toBe(0);

      const evil = detail
        .getColumn(4)
        .values.filter((v) => typeof v === 'string' && v.includes('HYPERLINK')) as string[];
      expect(evil.length).toBeGreaterThan(0);
      expect(evil.every((v) => v === `'${COURSE_TITLES[1]}`)).toBe(true);

      const summary = workbook.getWorksheet('Summary')!;
      const labels = new Map<string, unknown>();
      summary.eachRow((row) => labels.set(String(row.getCell(1).value), row.getCell(2).value));
      expect(labels.get('Enrollments')).toBe(12);
      expect(labels.get('Completed')).toBe(1);
      expect(labels.get('Groups')).toBe('All groups in your scope');
      expect(labels.has('Status mix per course')).toBe(true);
    });

    it('exports the filtered rows only and names the filters in the summary', async () => {
      const res = await download(world.tokens.owner, {
        group: world.groupB.documentId,
        state: 'approved',
        search: '-sem',
      });
      expect(res.status).toBe(200);
      const workbook = await readWorkbook(res.body as Buffer);
      const detail = workbook.getWorksheet('Enrollments')!;
      expect(detail.rowCount).toBe(2);
      expect(detail.getRow(2).getCell(1).value).toBe("'-sem");
      const summary = workbook.getWorksheet('Summary')!;
      const labels = new Map<string, unknown>();
      summary.eachRow((row) => labels.set(String(row.getCell(1).value), row.getCell(2).value));
      expect(labels.get('Groups')).toBe('Group B');
      expect(labels.get('Statuses')).toBe('Approved');
      expect(labels.get('Search')).toBe("'-sem");
    });

    it('speaks the requester’s language and writes times on their clock, naming the zone', async () => {
      const res = await download(world.tokens.fullA, {
        group: world.groupA.documentId,
        locale: 'nl',
        timeZone: 'Europe/Amsterdam',
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(
        /filename="groepsrapport-group-a-\d{4}-\d{2}-\d{2}\.xlsx"/
      );
      const workbook = await readWorkbook(res.body as Buffer);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['Samenvatting', 'Inschrijvingen']);
      const detail = workbook.getWorksheet('Inschrijvingen')!;
      expect((detail.getRow(1).values as unknown[]).slice(1)).toEqual(Object.values(EXPORT_WORDS.nl.columns));
      const api = await get(world.tokens.fullA, '/groups/reports', {
        pageSize: 100,
        group: world.groupA.documentId,
      });
      const byEmail = new Map(
        (api.body.data as EnrollmentRow[]).map((r) => [`${r.learner.email}|${r.course.title}`, r])
      );
      for (let i = 2; i <= detail.rowCount; i += 1) {
        const row = detail.getRow(i);
        const apiRow = byEmail.get(
          `${row.getCell(2).value}|${String(row.getCell(4).value).replace(/^'/, '')}`
        )!;
        expect(row.getCell(5).value).toBe(EXPORT_WORDS.nl.states[apiRow.state]);
        expect(row.getCell(12).value).toBe(EXPORT_WORDS.nl.attendance[apiRow.attendance]);
        // Amsterdam is UTC+1 in winter and UTC+2 in summer: the cell holds the wall clock there.
        const requested = new Date(apiRow.requestedAt!);
        const shown = row.getCell(6).value as Date;
        expect([1, 2]).toContain((shown.getTime() - requested.getTime()) / 3_600_000);
      }
      const labels = new Map<string, unknown>();
      workbook
        .getWorksheet('Samenvatting')!
        .eachRow((row) => labels.set(String(row.getCell(1).value), row.getCell(2).value));
      expect(labels.get('Tijden in')).toBe('Europe/Amsterdam');
      expect(labels.get('Groepen')).toBe('Group A');
      const summary = workbook.getWorksheet('Samenvatting')!;
      expect(summary.getColumn(2).width).toBeGreaterThanOrEqual(20);
      // Every enrollment is counted somewhere: the three progress buckets and those without a place.
      const counted = ['Niet begonnen', 'Bezig', 'Afgerond', EXPORT_WORDS.nl.summary.noPlace].reduce(
        (sum, label) => sum + Number(labels.get(label)),
        0
      );
      expect(counted).toBe(labels.get('Inschrijvingen'));
      expect400(await get(world.tokens.fullA, '/groups/reports/export', { locale: 'fr' }), /query\.locale/);
    });

    it('reads the rows of an export in chunks without losing or repeating one', async () => {
      const rows = enrollmentRowsRepository(app.strapi);
      const read = { groupIds: null, manageable: null };
      const filters = { periodField: 'requested', sort: 'requestedAt:desc' };
      const seen: string[] = [];
      let chunks = 0;
      for await (const chunk of rows.stream(filters as never, read, 5)) {
        chunks += 1;
        seen.push(...chunk.map((row: ExportRow) => row.documentId));
      }
      const all = await get(world.tokens.owner, '/groups/reports', { pageSize: 100 });
      expect(chunks).toBeGreaterThan(2);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual(all.body.data.map((row: EnrollmentRow) => row.documentId).sort());
    });

    it('requires exportReports in the group and never leaks another group', async () => {
      expect((await download(world.tokens.readA)).body.length).toBeGreaterThan(0);
      const readOnly = await download(world.tokens.readA, { group: world.groupA.documentId });
      expect(readOnly.status).toBe(403);
      const outside = await download(world.tokens.fullB, { group: world.groupA.documentId });
      expect(outside.status).toBe(403);
      const own = await download(world.tokens.fullB);
      const workbook = await readWorkbook(own.body as Buffer);
      const groups = new Set(
        workbook.getWorksheet('Enrollments')!.getColumn(3).values.slice(2).filter(Boolean) as string[]
      );
      expect([...groups]).toEqual(['Group B']);
      const bad = await get(world.tokens.fullA, '/groups/reports/export', { state: 'nope' });
      expect400(bad, /query\.state/);
    });
  });

  describe('transitions', () => {
    const post = (token: string, url: string, body: unknown) =>
      http(app.strapi)
        .post(url)
        .set(bearer(token))
        .send(body as object);

    it('approves a request and rejects one with a reason', async () => {
      const [first, second] = enrollmentsOf('A', 'requested');
      const approved = await post(world.tokens.fullA, `/groups/enrollments/${first.documentId}/transition`, {
        action: 'approve',
      });
      expect(approved.status).toBe(200);
      expect(approved.body.data.state).toBe('approved');
      expect((await stored(first.documentId)).state).toBe('approved');

      expect400(
        await post(world.tokens.fullA, `/groups/enrollments/${second.documentId}/transition`, {
          action: 'reject',
        }),
        /reason/
      );
      const rejected = await post(world.tokens.fullA, `/groups/enrollments/${second.documentId}/transition`, {
        action: 'reject',
        reason: 'Course is full this term.',
      });
      expect(rejected.status).toBe(200);
      expect(await stored(second.documentId)).toMatchObject({
        state: 'rejected',
        reason: 'Course is full this term.',
      });
    });

    it('refuses invalid transitions, other groups, read-only managers and unknown ids', async () => {
      const completed = enrollmentsOf('A', 'completed')[0];
      expect400(
        await post(world.tokens.fullA, `/groups/enrollments/${completed.documentId}/transition`, {
          action: 'approve',
        }),
        /completed/
      );
      const request = enrollmentsOf('A', 'requested')[2];
      const url = `/groups/enrollments/${request.documentId}/transition`;
      expect((await post(world.tokens.fullB, url, { action: 'approve' })).status).toBe(403);
      expect((await post(world.tokens.readA, url, { action: 'approve' })).status).toBe(403);
      expect(
        (await post(world.tokens.fullA, '/groups/enrollments/unknown123/transition', { action: 'approve' }))
          .status
      ).toBe(404);
      expect400(await post(world.tokens.fullA, url, { action: 'delete' }), /body\.action/);
      expect400(await post(world.tokens.fullA, url, { action: 'approve', extra: 1 }), /extra|unrecognized/i);
      expect((await stored(request.documentId)).state).toBe('requested');
    });

    it('bulk-transitions with a result per item and touches nothing outside scope', async () => {
      const mine = enrollmentsOf('A', 'requested')[2];
      const theirs = enrollmentsOf('B', 'requested')[0];
      const res = await post(world.tokens.fullA, '/groups/enrollments/bulk-transition', {
        documentIds: [mine.documentId, theirs.documentId],
        action: 'waitlist',
      });
      expect(res.status).toBe(200);
      const byId = new Map(res.body.data.map((r: { documentId: string }) => [r.documentId, r]));
      expect(byId.get(mine.documentId)).toMatchObject({ ok: true });
      expect(byId.get(theirs.documentId)).toMatchObject({ ok: false });
      expect((await stored(mine.documentId)).state).toBe('waitlisted');
      expect((await stored(theirs.documentId)).state).toBe('requested');
      expect400(
        await post(world.tokens.fullA, '/groups/enrollments/bulk-transition', {
          documentIds: [],
          action: 'approve',
        }),
        /at least one/
      );
    });

    it('reopens a rejected request, with the reason in the history, and refuses when the place is taken', async () => {
      const rejected = enrollmentsOf('A', 'rejected')[0];
      const url = `/groups/enrollments/${rejected.documentId}/transition`;
      expect((await post(world.tokens.readA, url, { action: 'reopen' })).status).toBe(403);
      const reopened = await post(world.tokens.fullA, url, {
        action: 'reopen',
        reason: 'Asked again by phone.',
      });
      expect(reopened.status).toBe(200);
      expect(reopened.body.data.state).toBe('requested');
      const row = (await app.strapi.db.query(ENROLLMENT_UID).findOne({
        where: { documentId: rejected.documentId },
      })) as {
        state: string;
        history: Array<{ from: string; to: string; reason: string | null; by: string }>;
      };
      expect(row.state).toBe('requested');
      expect(row.history.at(-1)).toMatchObject({
        from: 'rejected',
        to: 'requested',
        reason: 'Asked again by phone.',
      });
      expect(row.history.at(-1)?.by).toMatch(/^admin:\d+$/);

      // The learner of the cancelled enrollment asked again meanwhile: reopening would make two places.
      const cancelled = enrollmentsOf('A', 'cancelled')[0];
      const again = (await app.strapi.documents(ENROLLMENT_UID).create({
        data: {
          learner: world.learners[cancelled.learner].id,
          group: world.groupA.documentId,
          course: world.courses[cancelled.course].documentId,
          state: 'requested',
        } as never,
      })) as unknown as { documentId: string };
      const refused = await post(
        world.tokens.fullA,
        `/groups/enrollments/${cancelled.documentId}/transition`,
        {
          action: 'reopen',
        }
      );
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(refused.body.error.message).toMatch(/already/i);
      expect((await stored(cancelled.documentId)).state).toBe('cancelled');
      await app.strapi.documents(ENROLLMENT_UID).delete({ documentId: again.documentId });
    });
  });

  describe('registering a learner', () => {
    const register = (token: string, body: unknown) =>
      http(app.strapi)
        .post('/groups/enrollments')
        .set(bearer(token))
        .send(body as object);

    it('lists the group’s members for the register dialog, in scope only', async () => {
      const res = await get(
        world.tokens.fullA,
        `/groups/workspace/groups/${world.groupA.documentId}/members`,
        {
          search: 'no',
        }
      );
      expect(res.body.error).toBeUndefined();
      expect(res.body).toMatchObject({ data: [{ username: 'noor' }] });
      expect(res.body.data).toHaveLength(1);
      expect(
        (await get(world.tokens.fullB, `/groups/workspace/groups/${world.groupA.documentId}/members`)).status
      ).toBe(403);
    });

    it('checks membership, the group’s courses and scope', async () => {
      const outsider = world.learners[10];
      expect400(
        await register(world.tokens.fullA, {
          learner: outsider.documentId,
          group: world.groupA.documentId,
          course: world.courses[0].documentId,
        }),
        /not a member/
      );
      expect400(
        await register(world.tokens.fullA, {
          learner: world.learners[2].documentId,
          group: world.groupA.documentId,
          course: world.courses[2].documentId,
        }),
        /not one of the group/
      );
      expect(
        (
          await register(world.tokens.fullB, {
            learner: world.learners[2].documentId,
            group: world.groupA.documentId,
            course: world.courses[1].documentId,
          })
        ).status
      ).toBe(403);
      expect400(await register(world.tokens.fullA, { learner: 5 }), /body\.learner/);
    });

    it('registers a member in a course of the group, approved', async () => {
      const res = await register(world.tokens.fullA, {
        learner: world.learners[2].documentId,
        group: world.groupA.documentId,
        course: world.courses[1].documentId,
      });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ state: 'approved', learner: { username: 'sanne' } });
    });

    it('marks members already in the chosen course of the group', async () => {
      const path = `/groups/workspace/groups/${world.groupA.documentId}/members`;
      const marked = await get(world.tokens.fullA, path, { course: world.courses[1].documentId });
      expect(marked.status).toBe(200);
      const sanne = marked.body.data.find((m: { username: string }) => m.username === 'sanne');
      expect(sanne.enrolledState).toBe('approved');
      // Without a course nobody is marked.
      const plain = await get(world.tokens.fullA, path, { search: 'sanne' });
      expect(plain.body.data[0]).not.toHaveProperty('enrolledState');
      expect400(await get(world.tokens.fullA, path, { course: 'not a document id!' }), /course/);
    });
  });

  // Last in the file: it blanks and ties dates of the world's rows, which the tests above count.
  describe('pages of every group sorted by a date the index walks', () => {
    const owner = () => world.tokens.owner;
    const everyGroup = () => `${world.groupA.documentId},${world.groupB.documentId}`;
    const ids = (res: Response) => (res.body.data as EnrollmentRow[]).map((row) => row.documentId);

    beforeAll(async () => {
      const knex = app.strapi.db.connection;
      const table = app.strapi.db.metadata.get(ENROLLMENT_UID).tableName;
      const documents = world.enrollments.map((e) => e.documentId);
      const set = (indexes: number[], values: Record<string, Date | null>) =>
        knex(table)
          .whereIn(
            'document_id',
            indexes.map((i) => documents[i])
          )
          .update(values);
      // Rows without a date in both groups, and rows sharing one instant across pages of 3. Due dates are
      // empty on most rows already.
      await set([1, 5, 13], { requested_at: null });
      await set([2, 3, 8, 14], { requested_at: new Date(Date.UTC(2026, 9, 4, 10)) });
      await set([0, 4, 6, 13], { due_at: new Date(Date.UTC(2026, 10, 1, 9)) });
      await set([9, 15], { due_at: new Date(Date.UTC(2026, 9, 20, 9)) });
    });

    it.each([
      ['requestedAt', 'desc'],
      ['requestedAt', 'asc'],
      ['dueAt', 'desc'],
      ['dueAt', 'asc'],
    ] as const)(
      'gives every page in the order a group filter gets (%s %s), empty dates last',
      async (field, direction) => {
        const sort = `${field}:${direction}`;
        // A group filter reads the groups' link rows and sorts them: the order before the index walk.
        const plain = await get(owner(), '/groups/reports', { sort, pageSize: 100, group: everyGroup() });
        const order = ids(plain);
        const total = plain.body.meta.pagination.total as number;
        expect(order).toHaveLength(total);
        const dates = (plain.body.data as EnrollmentRow[]).map((row) => row[field]);
        const dated = dates.filter((at): at is string => at !== null);
        expect(dates.slice(dated.length).every((at) => at === null)).toBe(true);
        expect(total - dated.length).toBeGreaterThanOrEqual(3);
        expect(dated).toEqual([...dated].sort((a, b) => (direction === 'asc' ? 1 : -1) * a.localeCompare(b)));
        expect(
          Math.max(...dated.map((at) => dated.filter((other) => other === at).length))
        ).toBeGreaterThanOrEqual(4);

        for (const pageSize of [1, 3, 5, 100]) {
          const walked: string[] = [];
          // One page past the last: empty.
          for (let page = 1; (page - 1) * pageSize <= total; page++) {
            const res = await get(owner(), '/groups/reports', { sort, pageSize, page });
            expect(res.status).toBe(200);
            expect(res.body.meta.pagination.total).toBe(total);
            walked.push(...ids(res));
          }
          expect(walked).toEqual(order);
        }
        // The enrollment list shares the page; with a filter, the walk keeps the filter's rows in order.
        const listed = await get(owner(), '/groups/enrollments', { sort, pageSize: 4, page: 2 });
        expect(ids(listed)).toEqual(order.slice(4, 8));
        // Its count of every row (the group link's rows) agrees with the count a group filter makes.
        expect(listed.body.meta.pagination.total).toBe(total);
        const filters = { sort, pageSize: 100, state: 'requested,approved' };
        const filtered = await get(owner(), '/groups/enrollments', filters);
        const filteredInGroups = await get(owner(), '/groups/enrollments', {
          ...filters,
          group: everyGroup(),
        });
        expect(ids(filtered)).toEqual(ids(filteredInGroups));
        expect(ids(filtered).length).toBeGreaterThan(4);
      }
    );
  });
});
