/**
 * Due dates through the workspace API against a real Strapi: a manager sets and clears `dueAt` on one
 * enrollment or a selection (history entry per change, all or nothing), bad input is a 400 with a sentence
 * that changes nothing, and a manager of another group can neither change nor see them. Runs on SQLite, and
 * on PostgreSQL with DATABASE_CLIENT=postgres.
 */
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import type { EnrollmentRow, ReportResponse } from '../../common/contracts/report';
import type { OverviewResponse } from '../../common/contracts/workspace';
import {
  DAY_MS,
  FLAG_FILTERS,
  enrollmentFlags,
  fallingBehind,
  setFlags,
  type FlagFilterName,
} from '../../common/domain/enrollment-flags';
import type { EnrollmentState, HistoryEntry } from '../../common/domain/enrollment-status';
import { enrollNewMember } from '../helpers/enrollments';
import { bearer, http } from '../helpers/http';
import { startScopeFixture, type ScopeFixture } from '../helpers/scope-fixture';
import type { TestStrapi } from '../helpers/strapi';
import { ENROLLMENT } from '../helpers/uids';
import { binary, readWorkbook } from '../helpers/xlsx';

interface Stored {
  id: number;
  documentId: string;
  state: EnrollmentState;
  decidedAt: string | null;
  startedAt: string | null;
  progress: number | null;
  dueAt: string | null;
  expiresAt: string | null;
  history: HistoryEntry[] | null;
}

describe('due dates (real Strapi)', () => {
  let app: TestStrapi;
  let fx: ScopeFixture;

  const put = (token: string | null, body: unknown) =>
    http(app.strapi)
      .put('/groups/enrollments/due-date')
      .set(bearer(token ?? ''))
      .send(body as object);

  const stored = (documentId: string) =>
    app.strapi.db.query(ENROLLMENT).findOne({ where: { documentId } }) as Promise<Stored>;

  const expect400 = (res: Response, pattern: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(pattern);
  };

  /** A new enrollment of a new member of group A, in the given state. */
  const enrollmentA = async (state = 'approved') =>
    (
      await enrollNewMember(
        app.strapi,
        { group: fx.groups.A.documentId, course: fx.courses.A.documentId },
        state
      )
    ).documentId;

  beforeAll(async () => {
    ({ app, fx } = await startScopeFixture());
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('sets and clears the due date of one enrollment, with a history entry each time', async () => {
    const documentId = await enrollmentA();
    const before = (await stored(documentId)).history?.length ?? 0;

    const set = await put(fx.tokens.managerA, { documentIds: [documentId], dueAt: '2030-06-30' });
    expect(set.status).toBe(200);
    expect(set.body.data).toEqual({ updated: 1, dueAt: '2030-06-30T00:00:00.000Z' });
    let row = await stored(documentId);
    expect(new Date(row.dueAt as string).toISOString()).toBe('2030-06-30T00:00:00.000Z');
    expect(row.state).toBe('approved');
    expect(row.history).toHaveLength(before + 1);
    expect(row.history?.at(-1)).toMatchObject({
      by: `admin:${fx.admins.managerA.id}`,
      from: 'approved',
      to: 'approved',
      dueAt: '2030-06-30T00:00:00.000Z',
      reason: 'Due date set to 2030-06-30T00:00:00.000Z.',
    });

    const cleared = await put(fx.tokens.managerA, {
      documentIds: [documentId],
      dueAt: null,
      reason: 'Self-paced after all',
    });
    expect(cleared.status).toBe(200);
    row = await stored(documentId);
    expect(row.dueAt).toBeNull();
    expect(row.history).toHaveLength(before + 2);
    expect(row.history?.at(-1)).toMatchObject({ dueAt: null, reason: 'Self-paced after all' });
  });

  it('sets the due date of a selection in one call', async () => {
    const ids = [await enrollmentA(), await enrollmentA(), await enrollmentA()];
    const res = await put(fx.tokens.superAdmin, {
      documentIds: [...ids, ids[0]],
      dueAt: '2031-01-15T17:00:00+01:00',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ updated: 3, dueAt: '2031-01-15T16:00:00.000Z' });
    for (const documentId of ids) {
      const row = await stored(documentId);
      expect(new Date(row.dueAt as string).toISOString()).toBe('2031-01-15T16:00:00.000Z');
      expect(row.history?.filter((entry) => entry.dueAt !== undefined)).toHaveLength(1);
    }
  });

  it('refuses a value that is not a date, an absurd date or a missing one with a 400 and changes nothing', async () => {
    const documentId = await enrollmentA();
    const cases: Array<[unknown, RegExp]> = [
      ['next week', /dueAt.*must be a date/],
      ['2030-02-30', /dueAt.*must be a real date/],
      ['1999-12-31', /dueAt.*from 2000 up to 2100/],
      ['2100-01-01', /dueAt.*from 2000 up to 2100/],
      [42, /dueAt/],
      [undefined, /dueAt/],
    ];
    for (const [dueAt, pattern] of cases) {
      expect400(await put(fx.tokens.managerA, { documentIds: [documentId], dueAt }), pattern);
    }
    expect400(await put(fx.tokens.managerA, { documentIds: [], dueAt: null }), /documentIds/);
    const row = await stored(documentId);
    expect(row.dueAt).toBeNull();
    expect(row.history?.some((entry) => entry.dueAt !== undefined)).toBe(false);
  });

  it('refuses an enrollment without a place with a 400, and the whole selection with it', async () => {
    const approved = await enrollmentA();
    const requested = await enrollmentA('requested');
    const res = await put(fx.tokens.managerA, {
      documentIds: [approved, requested],
      dueAt: '2030-06-30',
    });
    expect400(res, new RegExp(`only be set on an approved enrollment; ${requested} is requested`));
    expect((await stored(approved)).dueAt).toBeNull();
    expect((await stored(requested)).dueAt).toBeNull();
  });

  it('refuses a due date on an enrollment without a place through the Content Manager too', async () => {
    const requested = await enrollmentA('requested');
    const approved = await enrollmentA();
    const cm = (documentId: string) =>
      http(app.strapi)
        .put(`/content-manager/collection-types/${ENROLLMENT}/${documentId}`)
        .set(bearer(fx.tokens.superAdmin ?? ''))
        .send({ dueAt: '2030-06-30T00:00:00.000Z' });
    const refused = await cm(requested);
    expect400(refused, /only be set on an approved enrollment; this one is requested/);
    expect((await stored(requested)).dueAt).toBeNull();
    expect((await cm(approved)).status).toBe(200);
    expect((await stored(approved)).dueAt).not.toBeNull();
  });

  it("keeps another group's manager and the read-only manager out, changing nothing", async () => {
    const documentId = await enrollmentA();
    const mine = fx.enrollments.b1.documentId;
    const forbidden = await put(fx.tokens.managerB, { documentIds: [documentId], dueAt: '2030-06-30' });
    expect(forbidden.status).toBe(403);
    expect(JSON.stringify(forbidden.body)).not.toContain(fx.groups.A.documentId);
    // One of their own enrollments does not carry another group's along.
    const mixed = await put(fx.tokens.managerB, { documentIds: [mine, documentId], dueAt: '2030-06-30' });
    expect(mixed.status).toBe(403);
    expect((await stored(mine)).dueAt).toBeNull();
    const readOnly = await put(fx.tokens.readOnlyA, { documentIds: [documentId], dueAt: '2030-06-30' });
    expect(readOnly.status).toBe(403);
    const unknown = await put(fx.tokens.managerA, { documentIds: ['nosuchenrollment'], dueAt: null });
    expect(unknown.status).toBe(404);
    expect((await stored(documentId)).dueAt).toBeNull();
  });

  describe('flags in the list, the report and the export', () => {
    // Every date is days away from a threshold, so the seconds between the server's reads and the test's
    // own computation cannot change a flag.
    const ago = (days: number) => new Date(Date.now() - days * DAY_MS);
    const SEEDS: Array<{ state?: EnrollmentState; fields: Record<string, unknown> }> = [
      // Overdue.
      { fields: { decidedAt: ago(20), startedAt: ago(19), progress: 50, dueAt: ago(1) } },
      // Due soon and at risk.
      { fields: { decidedAt: ago(20), startedAt: ago(19), progress: 10, dueAt: ago(-3) } },
      // Due soon, on track.
      { fields: { decidedAt: ago(20), startedAt: ago(19), progress: 95, dueAt: ago(-3) } },
      // Not started, no due date.
      { fields: { decidedAt: ago(10), startedAt: null, progress: 0 } },
      // At risk, not due soon: half the window gone, nothing done.
      { fields: { decidedAt: ago(30), startedAt: ago(29), progress: 0, dueAt: ago(-30) } },
      // Expired (and nothing else, though its due date has passed).
      { fields: { decidedAt: ago(30), startedAt: ago(29), progress: 20, dueAt: ago(5), expiresAt: ago(1) } },
      // On track.
      { fields: { decidedAt: ago(2), startedAt: ago(1), progress: 5, dueAt: ago(-60) } },
      // Completed past its due date: nothing left to do.
      { state: 'completed', fields: { decidedAt: ago(30), progress: 100, dueAt: ago(10) } },
    ];

    let seeded: string[] = [];
    const list = (token: string | null, query: Record<string, unknown>) =>
      http(app.strapi)
        .get('/groups/enrollments')
        .query({ group: fx.groups.A.documentId, pageSize: 100, ...query })
        .set(bearer(token ?? ''));
    const storedOfA = async () =>
      (await app.strapi.db.query(ENROLLMENT).findMany({
        where: { group: { id: fx.groups.A.id } },
      })) as Stored[];
    const expectedFlags = (row: Stored, now: Date) => enrollmentFlags(row, now);

    beforeAll(async () => {
      seeded = [];
      for (const seed of SEEDS) {
        const documentId = await enrollmentA();
        // The query engine writes past the plugin's rules: these are the LMS's and history's facts.
        await app.strapi.db.query(ENROLLMENT).update({
          where: { documentId },
          data: { ...seed.fields, ...(seed.state ? { state: seed.state } : {}) },
        });
        seeded.push(documentId);
      }
    });

    it('gives each row its due date, expiry and the flags the pure rule computes', async () => {
      const res = await list(fx.tokens.managerA, {});
      expect(res.status).toBe(200);
      const now = new Date();
      const byId = new Map((await storedOfA()).map((row) => [row.documentId, row]));
      const rows = res.body.data as EnrollmentRow[];
      expect(rows.length).toBe(byId.size);
      for (const row of rows) {
        const stored = byId.get(row.documentId)!;
        expect([row.documentId, row.flags]).toEqual([row.documentId, setFlags(expectedFlags(stored, now))]);
        expect(row.dueAt && new Date(row.dueAt).getTime()).toBe(
          stored.dueAt && new Date(stored.dueAt).getTime()
        );
      }
      // Each seed shows what it was made for.
      const flagsOf = (i: number) => rows.find((row) => row.documentId === seeded[i])!.flags;
      expect(flagsOf(0)).toEqual(['overdue']);
      expect(flagsOf(1)).toEqual(['dueSoon', 'atRisk']);
      expect(flagsOf(3)).toEqual(['notStarted']);
      expect(flagsOf(5)).toEqual(['expired']);
      expect(flagsOf(7)).toEqual([]);
    });

    it.each(FLAG_FILTERS)('filters on %s exactly the rows the pure rule flags', async (flag) => {
      const res = await list(fx.tokens.managerA, { flag });
      expect(res.status).toBe(200);
      const now = new Date();
      const expected = (await storedOfA())
        .filter((row) => {
          const flags = expectedFlags(row, now);
          return flag === 'fallingBehind'
            ? fallingBehind(flags)
            : flags[flag as Exclude<FlagFilterName, 'fallingBehind'>];
        })
        .map((row) => row.documentId)
        .sort();
      const got = (res.body.data as EnrollmentRow[]).map((row) => row.documentId).sort();
      expect(got).toEqual(expected);
      expect(res.body.meta.pagination.total).toBe(expected.length);
      expect(expected.length).toBeGreaterThan(0);
    });

    it('takes a comma list as any of its flags, and refuses an unknown flag with a 400', async () => {
      const res = await list(fx.tokens.managerA, { flag: 'overdue,expired' });
      expect(res.status).toBe(200);
      expect((res.body.data as EnrollmentRow[]).map((row) => row.documentId).sort()).toEqual(
        [seeded[0], seeded[5]].sort()
      );
      expect400(await list(fx.tokens.managerA, { flag: 'late' }), /flag.*must be one of/);
    });

    it('sorts by due date', async () => {
      const res = await list(fx.tokens.managerA, { sort: 'dueAt:asc' });
      expect(res.status).toBe(200);
      const due = (res.body.data as EnrollmentRow[]).map((row) => row.dueAt);
      const dated = due.filter((value): value is string => value !== null);
      expect(dated).toEqual([...dated].sort((a, b) => Date.parse(a) - Date.parse(b)));
      // Rows without a due date come last.
      expect(due.slice(dated.length).every((value) => value === null)).toBe(true);
    });

    it('counts every flag in the report totals, the same as the rows say', async () => {
      const res = await http(app.strapi)
        .get('/groups/reports')
        .query({ group: fx.groups.A.documentId, pageSize: 100 })
        .set(bearer(fx.tokens.managerA ?? ''));
      expect(res.status).toBe(200);
      const body = res.body as ReportResponse;
      for (const flag of FLAG_FILTERS) {
        const rows = body.data.filter((row) =>
          flag === 'fallingBehind'
            ? row.flags.some((f) => ['overdue', 'atRisk', 'notStarted'].includes(f))
            : row.flags.includes(flag)
        );
        expect([flag, body.meta.totals.flags[flag]]).toEqual([flag, rows.length]);
      }
    });

    it('exports due date and expiry as date cells and the flags as text', async () => {
      const res = await http(app.strapi)
        .get('/groups/reports/export')
        .query({ group: fx.groups.A.documentId, flag: 'fallingBehind,expired' })
        .set(bearer(fx.tokens.managerA ?? ''))
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      const workbook = await readWorkbook(res.body as Buffer);
      const sheet = workbook.getWorksheet('Enrollments')!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const column = (name: string) => header.indexOf(name) + 1;
      const cells: Array<{ due: ExcelJS.CellValue; expires: ExcelJS.CellValue; flags: ExcelJS.CellValue }> =
        [];
      sheet.eachRow((row, index) => {
        if (index === 1) return;
        cells.push({
          due: row.getCell(column('Due date')).value,
          expires: row.getCell(column('Expires')).value,
          flags: row.getCell(column('Flags')).value,
        });
      });
      expect(cells.length).toBeGreaterThan(0);
      expect(cells.some((cell) => cell.due instanceof Date)).toBe(true);
      expect(cells.some((cell) => cell.expires instanceof Date)).toBe(true);
      // The flags in the export's words (English here: no locale asked).
      expect(cells.map((cell) => cell.flags)).toContain('Overdue');
      expect(cells.map((cell) => cell.flags)).toContain('Due this week, At risk');
      expect(cells.map((cell) => cell.flags)).toContain('Expired');
    });

    it('counts overdue, at risk, due this week and falling behind per group in the overview', async () => {
      const res = await http(app.strapi)
        .get('/groups/workspace/overview')
        .set(bearer(fx.tokens.managerA ?? ''));
      expect(res.status).toBe(200);
      const now = new Date();
      const stored = (await storedOfA()).map((row) => expectedFlags(row, now));
      const group = (res.body as OverviewResponse).data.find((g) => g.documentId === fx.groups.A.documentId)!;
      expect(group).toMatchObject({
        overdue: stored.filter((flags) => flags.overdue).length,
        atRisk: stored.filter((flags) => flags.atRisk).length,
        dueSoon: stored.filter((flags) => flags.dueSoon).length,
        fallingBehind: stored.filter(fallingBehind).length,
      });
      expect(group.overdue).toBeGreaterThan(0);
      // Group B's manager sees their own group's counts only.
      const other = await http(app.strapi)
        .get('/groups/workspace/overview')
        .set(bearer(fx.tokens.managerB ?? ''));
      expect((other.body as OverviewResponse).data.map((g) => g.documentId)).toEqual([
        fx.groups.B.documentId,
      ]);
    });

    it("shows another group's manager none of group A's rows, whatever the flag", async () => {
      const res = await http(app.strapi)
        .get('/groups/enrollments')
        .query({ flag: 'fallingBehind', pageSize: 100 })
        .set(bearer(fx.tokens.managerB ?? ''));
      expect(res.status).toBe(200);
      const ids = (res.body.data as EnrollmentRow[]).map((row) => row.documentId);
      expect(ids.filter((id) => seeded.includes(id))).toEqual([]);
    });
  });
});
