/**
 * The performance measurements (docs/PERFORMANCE.md). Each returns rows for the results table; a measurement whose feature is not
 * in the plugin yet says so (SKIP) instead of failing, so the harness runs on every branch.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { Seeded, Volumes } from './seed';
import { tableOf, linkOf } from './seed';
import { Writable } from 'stream';
import ExcelJS from 'exceljs';
import { fmtMs, median, peakRssGrowthMb, timeOnce, type Pair } from './measure';
import { boundedResponses } from './bounded';
import { treeScenario } from './tree';

export interface Persona {
  token: string;
  groupIds: number[];
}

export interface Bench {
  strapi: Core.Strapi;
  db: Knex;
  base: string;
  seeded: Seeded;
  volumes: Volumes;
  personas: { superAdmin: string; manager3: Persona; manager50: Persona };
  runs: number;
  warmup: number;
  log: (message: string) => void;
  compare: (
    subject: () => Promise<unknown>,
    baseline: () => Promise<unknown>,
    opts?: { runs: number; warmup: number }
  ) => Promise<Pair>;
  /** The playground's Strapi in a child process, on the same database. */
  spawnServer: () => Promise<ChildServer>;
}

export interface ChildServer {
  base: string;
  pid: number;
  /** Runs a full collection in the child; resolves with its RSS. */
  gc: () => Promise<number>;
  stop: () => Promise<void>;
}

export interface Result {
  group: string;
  name: string;
  subjectMs?: number;
  baselineMs?: number;
  /** The ratio (or the measured value) as printed. */
  value: string;
  ratio?: number;
  target: string;
  status: 'PASS' | 'MISS' | 'SKIP' | 'ERROR' | 'INFO';
  note?: string;
  details?: Record<string, unknown>;
}

export const ratioResult = (
  group: string,
  name: string,
  pair: Pair,
  max: number,
  extra: Partial<Result> = {}
): Result => ({
  group,
  name,
  subjectMs: round(pair.subjectMs),
  baselineMs: round(pair.baselineMs),
  ratio: round(pair.ratio, 2),
  value: `${pair.ratio.toFixed(2)}×`,
  target: `≤ ${max}×`,
  status: pair.ratio <= max ? 'PASS' : 'MISS',
  ...extra,
  details: {
    subjectRuns: pair.subjectRuns.map((v) => round(v)),
    baselineRuns: pair.baselineRuns.map((v) => round(v)),
    ...extra.details,
  },
});

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export const getText = async (bench: Bench, token: string, url: string): Promise<string> => {
  let res: Response;
  try {
    res = await fetch(bench.base + url, { headers: { Authorization: `Bearer ${token}` } });
  } catch (error) {
    // fetch says only "fetch failed"; the cause says why (ECONNRESET, ECONNREFUSED, a timeout).
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(
      `GET ${url}: ${(error as Error).message} (${cause?.code ?? cause?.message ?? 'no cause'})`
    );
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 300)}`);
  return text;
};

/** SQL statements run by Strapi while `fn` runs (knex 'query' events). */
export const countQueries = async (bench: Bench, fn: () => Promise<unknown>) => {
  const statements: string[] = [];
  const started = new Map<string, bigint>();
  const onQuery = (query: { sql: string; __knexQueryUid: string }) => {
    statements.push(query.sql);
    started.set(query.__knexQueryUid, process.hrtime.bigint());
  };
  // Each statement with its duration, for the "where does the time go" part of docs/PERFORMANCE.md.
  const onResponse = (_response: unknown, query: { sql: string; __knexQueryUid: string }) => {
    const start = started.get(query.__knexQueryUid);
    if (start === undefined) return;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const i = statements.indexOf(query.sql);
    if (i >= 0 && !statements[i].startsWith('[')) statements[i] = `[${ms.toFixed(1)} ms] ${statements[i]}`;
  };
  bench.db.on('query', onQuery);
  bench.db.on('query-response', onResponse);
  try {
    await fn();
  } finally {
    bench.db.removeListener('query', onQuery);
    bench.db.removeListener('query-response', onResponse);
  }
  return statements;
};

export const enrollmentsIn = async (bench: Bench, groupIds: number[]): Promise<number> => {
  const link = linkOf(bench.strapi, 'plugin::groups.enrollment', 'group');
  const row = await bench
    .db(link.name)
    .whereIn(link.inverseJoinColumn.name, groupIds)
    .count({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
};

// 1. Content Manager list of enrollments: a manager (scoped by conditions) vs the Super Admin.
export const CM_LIST = '/content-manager/collection-types/plugin::groups.enrollment';
export const CM_VARIANTS: Array<[string, string]> = [
  ['page 1, 10 rows', '?page=1&pageSize=10'],
  ['sorted by updatedAt desc', '?page=1&pageSize=10&sort=updatedAt:DESC'],
  ['sorted by requestedAt desc', '?page=1&pageSize=10&sort=requestedAt:DESC'],
  ['page 1, 100 rows', '?page=1&pageSize=100'],
];

const cmList = async (bench: Bench): Promise<Result[]> => {
  const results: Result[] = [];
  const { superAdmin } = bench.personas;
  const totalOf = async (token: string) =>
    (
      JSON.parse(await getText(bench, token, `${CM_LIST}?page=1&pageSize=1`)) as {
        pagination: { total: number };
      }
    ).pagination.total;
  const allTotal = await totalOf(superAdmin);
  if (allTotal !== bench.seeded.enrollmentCount) throw new Error(`Super Admin sees ${allTotal} enrollments`);
  for (const key of ['manager3', 'manager50'] as const) {
    const persona = bench.personas[key];
    const expected = await enrollmentsIn(bench, persona.groupIds);
    const seen = await totalOf(persona.token);
    if (seen !== expected) {
      results.push({
        group: 'cm-list',
        name: `CM list, ${key}`,
        value: `${seen} rows`,
        target: `${expected} rows`,
        status: 'ERROR',
        note: 'the scope is not applied: the measurement would not mean anything',
      });
      continue;
    }
    results.push(...(await cmListVariants(bench, persona.token, superAdmin, key, expected)));
  }
  return results;
};

/** Every Content Manager list variant as one manager (`token`) against the Super Admin, with its statements. */
export const cmListVariants = async (
  bench: Bench,
  token: string,
  superAdmin: string,
  key: string,
  expected: number
): Promise<Result[]> => {
  const results: Result[] = [];
  for (const [label, query] of CM_VARIANTS) {
    const url = CM_LIST + query;
    const statements = await countQueries(bench, () => getText(bench, token, url));
    const pair = await bench.compare(
      () => getText(bench, token, url),
      () => getText(bench, superAdmin, url)
    );
    results.push(
      ratioResult(
        'cm-list',
        `CM list ${label}, ${key} (${expected} rows in scope) vs Super Admin`,
        pair,
        1.5,
        {
          details: { sqlStatements: statements.length, sql: statements },
        }
      )
    );
    bench.log(`${results[results.length - 1].name}: ${pair.ratio.toFixed(2)}×`);
  }
  return results;
};

// 5. What the scope adds to every admin request (conditions are evaluated on each one).
const adminOverhead = async (bench: Bench): Promise<Result[]> => {
  const results: Result[] = [];
  for (const url of ['/admin/users/me', '/admin/users/me/permissions']) {
    const statements = await countQueries(bench, () => getText(bench, bench.personas.manager50.token, url));
    const superStatements = await countQueries(bench, () => getText(bench, bench.personas.superAdmin, url));
    const pair = await bench.compare(
      () => getText(bench, bench.personas.manager50.token, url),
      () => getText(bench, bench.personas.superAdmin, url),
      { runs: bench.runs * 2, warmup: bench.warmup * 2 }
    );
    results.push(
      ratioResult('admin-request', `GET ${url}, manager of 50 groups vs Super Admin`, pair, 1.5, {
        note: `+${(pair.subjectMs - pair.baselineMs).toFixed(1)} ms per request; SQL statements ${statements.length} vs ${superStatements.length}`,
        details: { sqlStatements: statements.length, superAdminSqlStatements: superStatements.length },
      })
    );
    bench.log(`${results[results.length - 1].name}: ${pair.ratio.toFixed(2)}×`);
  }
  return results;
};

const hasRoute = (bench: Bench, method: string, pattern: RegExp): string | undefined => {
  const routes =
    (
      bench.strapi.plugin('groups').routes as unknown as Record<
        string,
        { routes: Array<{ method: string; path: string }> }
      >
    ).admin?.routes ?? [];
  return routes.find((r) => r.method === method && pattern.test(r.path))?.path;
};

const skip = (group: string, name: string, target: string, note: string): Result => ({
  group,
  name,
  value: '',
  target,
  status: 'SKIP',
  note,
});

// 2. Report endpoint for the large group vs hand-written SQL returning the same rows and totals.
export const REPORT_PAGE_SIZE = 100;

/**
 * What the report shows for one group, written by hand: the page of rows (same joins, same order) and
 * one GROUP BY over course and state from which the totals and the status mix per course follow.
 */
export const handWrittenReport = async (bench: Bench, groupId: number) => {
  const { strapi, db } = bench;
  const uid = 'plugin::groups.enrollment';
  const t = {
    e: tableOf(strapi, uid),
    g: tableOf(strapi, 'plugin::groups.group'),
    l: tableOf(strapi, 'plugin::users-permissions.user'),
    c: tableOf(strapi, 'api::course.course'),
    eg: linkOf(strapi, uid, 'group'),
    el: linkOf(strapi, uid, 'learner'),
    ec: linkOf(strapi, uid, 'course'),
  };
  const groupJoin = `FROM ${t.e} e
    JOIN ${t.eg.name} eg ON eg.${t.eg.joinColumn.name} = e.id
    JOIN ${t.g} g ON g.id = eg.${t.eg.inverseJoinColumn.name}`;
  // The enrollment links both versions of its course (Draft & Publish): the published one is shown. Found
  // per enrollment through its own link rows: an `IN (published course ids)` in the join made SQLite probe
  // the link index once per published course for every enrollment (10–25 s at 100k, see docs/PERFORMANCE.md).
  const courseJoin = `LEFT JOIN ${t.c} c ON c.id = (SELECT ec.${t.ec.inverseJoinColumn.name}
      FROM ${t.ec.name} ec JOIN ${t.c} cv ON cv.id = ec.${t.ec.inverseJoinColumn.name}
      WHERE ec.${t.ec.joinColumn.name} = e.id AND cv.published_at IS NOT NULL LIMIT 1)`;
  const learnerJoin = `LEFT JOIN ${t.el.name} el ON el.${t.el.joinColumn.name} = e.id
    LEFT JOIN ${t.l} l ON l.id = el.${t.el.inverseJoinColumn.name}`;
  const where = `WHERE eg.${t.eg.inverseJoinColumn.name} = ?`;
  const rows = await db.raw(
    `SELECT e.id, e.document_id, e.state, e.attendance, e.progress, e.score, e.time_spent, e.requested_at,
       e.decided_at, e.started_at, e.completed_at, e.reason, g.document_id AS group_document_id,
       g.name AS group_name, l.document_id AS learner_document_id, l.username, l.email,
       c.document_id AS course_document_id, c.title AS course_title
     ${groupJoin} ${learnerJoin} ${courseJoin} ${where}
     ORDER BY e.requested_at DESC, e.id DESC LIMIT ${REPORT_PAGE_SIZE}`,
    [groupId]
  );
  const mix = await db.raw(
    `SELECT c.document_id AS course_document_id, c.title AS course_title, e.state, count(*) AS n,
       sum(CASE WHEN coalesce(e.progress, 0) > 0 OR e.started_at IS NOT NULL THEN 1 ELSE 0 END) AS started,
       sum(coalesce(e.progress, 0)) AS progress_sum, sum(e.score) AS score_sum, count(e.score) AS scored
     ${groupJoin} ${courseJoin} ${where} GROUP BY c.document_id, c.title, e.state`,
    [groupId]
  );
  const list = (result: unknown) =>
    (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;
  return { rows: list(rows), mix: list(mix) };
};

/** A report measurement that did not run because the endpoint's answer was wrong. */
const reportError = (name: string, rows: number, note: string): Result => ({
  group: 'report',
  name,
  value: `${rows} rows`,
  target: '≤ 2×',
  status: 'ERROR',
  note,
});

const report = async (bench: Bench): Promise<Result[]> => {
  const name = `Report of the ${bench.volumes.bigGroupEnrollments}-enrollment group (${REPORT_PAGE_SIZE} rows, totals, mix) vs hand-written SQL`;
  if (!hasRoute(bench, 'GET', /^\/reports$/)) return [skip('report', name, '≤ 2×', 'no report endpoint yet')];
  const group = await bench.strapi.db
    .query('plugin::groups.group')
    .findOne({ where: { id: bench.seeded.bigGroupId }, select: ['documentId'] });
  const url = `/groups/reports?group=${group.documentId}&pageSize=${REPORT_PAGE_SIZE}&sort=requestedAt:desc`;
  const token = bench.personas.manager3.token;
  const body = JSON.parse(await getText(bench, token, url)) as {
    data: Array<{ documentId: string }>;
    meta: { pagination: { total: number } };
  };
  const expected = await handWrittenReport(bench, bench.seeded.bigGroupId);
  const same =
    body.meta.pagination.total === bench.volumes.bigGroupEnrollments &&
    body.data.map((r) => r.documentId).join() === expected.rows.map((r) => r.document_id).join();
  if (!same) {
    return [
      reportError(
        name,
        body.meta.pagination.total,
        'the endpoint and the hand-written SQL do not return the same rows'
      ),
    ];
  }
  const statements = await countQueries(bench, () => getText(bench, token, url));
  // The first measurement of a freshly booted server: the route's code and the database's pages are cold,
  // and the same request read 19.6–24 ms in this pair's first runs against 15–17 ms in the pairs after it
  // (SQLite, 2 December 2026). Warm the endpoint and the hand-written SQL as long as the pair runs.
  for (let i = 0; i < bench.runs; i++) {
    await getText(bench, token, url);
    await handWrittenReport(bench, bench.seeded.bigGroupId);
  }
  const pair = await bench.compare(
    () => getText(bench, token, url),
    () => handWrittenReport(bench, bench.seeded.bigGroupId)
  );
  bench.log(`${name}: ${pair.ratio.toFixed(2)}×`);
  const behind = await fallingBehindReport(bench, token, url);
  // Where the rest goes: the plugin's own work called in-process, and the cost of any admin request.
  const manager = await bench.strapi.db
    .query('admin::user')
    .findOne({ where: { email: 'manager3@bench.test' } });
  const reportService = bench.strapi.plugin('groups').service('report') as {
    report: (query: Record<string, unknown>, actor: { id: number }) => Promise<unknown>;
  };
  const serviceQuery = {
    group: [group.documentId],
    page: 1,
    pageSize: REPORT_PAGE_SIZE,
    sort: 'requestedAt:desc',
    periodField: 'requested',
  };
  const inProcess = await bench.compare(
    () => reportService.report(serviceQuery, { id: manager.id }),
    () => handWrittenReport(bench, bench.seeded.bigGroupId)
  );
  const floor = await bench.compare(
    () => getText(bench, token, '/admin/users/me'),
    () => handWrittenReport(bench, bench.seeded.bigGroupId)
  );
  // What the plugin adds to Strapi's fixed cost of an admin request: the endpoint against that request
  // followed by the hand-written SQL.
  const overFloor = await bench.compare(
    () => getText(bench, token, url),
    async () => {
      await getText(bench, token, '/admin/users/me');
      await handWrittenReport(bench, bench.seeded.bigGroupId);
    }
  );
  return [
    ratioResult('report', name, pair, 2, {
      note: `as the manager of 3 groups; the endpoint runs ${statements.length} SQL statements`,
      details: { sqlStatements: statements.length, sql: statements },
    }),
    ratioResult(
      'report',
      'Report vs GET /admin/users/me + the hand-written SQL (what the plugin adds)',
      overFloor,
      1.25
    ),
    ...behind,
    {
      ...ratioResult(
        'report',
        'Report service called in-process (no HTTP, no admin auth) vs the same SQL',
        inProcess,
        2
      ),
      target: 'reported',
      status: 'INFO',
    },
    {
      ...ratioResult(
        'report',
        'GET /admin/users/me as the same manager (the cost of any admin request)',
        floor,
        Infinity
      ),
      value: fmtMs(floor.subjectMs),
      ratio: undefined,
      baselineMs: undefined,
      target: 'reported',
      status: 'INFO',
    },
  ];
};

/**
 * The same report filtered on Falling behind (overdue, at risk or not started, computed in SQL at the
 * request's instant), in the same run: against the hand-written SQL of the plain report (the report target,
 * though that SQL filters nothing) and against the plain report endpoint (the cost of the flag filter).
 */
const fallingBehindReport = async (bench: Bench, token: string, plainUrl: string): Promise<Result[]> => {
  const name = `Falling behind report of the ${bench.volumes.bigGroupEnrollments}-enrollment group vs hand-written SQL of the plain report`;
  const url = `${plainUrl}&flag=fallingBehind`;
  const body = JSON.parse(await getText(bench, token, url)) as {
    data: Array<{ flags: string[] }>;
    meta: { pagination: { total: number }; totals: { flags: { fallingBehind: number } } };
  };
  const behindFlags = ['overdue', 'atRisk', 'notStarted'];
  const consistent =
    body.meta.pagination.total > 0 &&
    body.meta.pagination.total === body.meta.totals.flags.fallingBehind &&
    body.data.every((row) => row.flags.some((flag) => behindFlags.includes(flag)));
  if (!consistent) {
    return [
      reportError(
        name,
        body.meta.pagination.total,
        'the filtered rows are not all falling behind, or there are none'
      ),
    ];
  }
  const vsSql = await bench.compare(
    () => getText(bench, token, url),
    () => handWrittenReport(bench, bench.seeded.bigGroupId)
  );
  const vsPlain = await bench.compare(
    () => getText(bench, token, url),
    () => getText(bench, token, plainUrl)
  );
  bench.log(`${name}: ${vsSql.ratio.toFixed(2)}×; vs the plain report: ${vsPlain.ratio.toFixed(2)}×`);
  return [
    ratioResult('report', name, vsSql, 2, {
      note: `${body.meta.pagination.total} of ${bench.volumes.bigGroupEnrollments} rows falling behind`,
    }),
    {
      ...ratioResult(
        'report',
        'Falling behind report vs the plain report endpoint (same run)',
        vsPlain,
        Infinity
      ),
      target: 'reported',
      status: 'INFO',
    },
  ];
};

// 3. Excel export of every enrollment vs exceljs writing the same rows from memory, and peak memory.
const discard = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });

const exportXlsx = async (bench: Bench): Promise<Result[]> => {
  const name = `Excel export of ${bench.seeded.enrollmentCount} enrollments over HTTP vs exceljs from memory`;
  if (!hasRoute(bench, 'GET', /^\/reports\/export$/))
    return [skip('export', name, '≤ 1.5×', 'no export endpoint yet')];
  const { DETAIL_COLUMNS, detailValues } = await import('../../server/src/services/export-sheet');
  const { enrollmentRowsRepository } = await import('../../server/src/repositories/enrollment-rows');
  const rowsRepository = enrollmentRowsRepository(bench.strapi);
  const server = await bench.spawnServer();
  try {
    const token = bench.personas.superAdmin;
    const download = async () => {
      const res = await fetch(`${server.base}/groups/reports/export`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!res.ok || !res.body) throw new Error(`export: ${res.status} ${await res.text()}`);
      let bytes = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
      return { bytes, rows: Number(res.headers.get('x-groups-export-rows')) };
    };
    const first = await download();
    if (first.rows !== bench.seeded.enrollmentCount) {
      throw new Error(`the export announced ${first.rows} rows, not ${bench.seeded.enrollmentCount}`);
    }

    // Peak memory first, before this process loads 100,000 rows for the baseline.
    const growths: number[] = [];
    // One reading is enough for a quick look (--quick); three show whether memory creeps up run after run.
    for (let i = 0; i < (bench.runs <= 5 ? 1 : 3); i++) {
      await server.gc();
      growths.push(await peakRssGrowthMb(download, server.pid));
    }
    const growth = Math.max(...growths);
    bench.log(`export peak RSS growth: ${growths.map((g) => g.toFixed(0)).join(', ')} MB`);

    const rows: Array<Record<string, unknown>> = [];
    for await (const chunk of rowsRepository.stream(
      { periodField: 'requested' },
      { groupIds: null, manageable: null }
    ))
      rows.push(...chunk);
    const values = rows.map((row) => detailValues(row as never));
    const fromMemory = async () => {
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream: discard(),
        useStyles: true,
        useSharedStrings: false,
      });
      const sheet = workbook.addWorksheet('Enrollments', { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = DETAIL_COLUMNS;
      const header = sheet.getRow(1);
      header.font = { bold: true };
      header.commit();
      for (const value of values) sheet.addRow(value).commit();
      await sheet.commit();
      await workbook.commit();
    };
    const runs = Math.max(3, Math.ceil(bench.runs / 3));
    const pair = await bench.compare(download, fromMemory, { runs, warmup: 1 });
    bench.log(`${name}: ${pair.ratio.toFixed(2)}×`);
    return [
      ratioResult('export', name, pair, 1.5, {
        note: `${(first.bytes / 2 ** 20).toFixed(1)} MB file; the server runs in a child process`,
        details: { bytes: first.bytes },
      }),
      {
        group: 'export',
        name: 'Server peak memory growth during the export',
        value: `${growth.toFixed(0)} MB`,
        target: '< 150 MB',
        status: growth < 150 ? 'PASS' : 'MISS',
        details: { growthsMb: growths.map((g) => round(g)) },
      },
    ];
  } finally {
    await server.stop();
  }
};

// 4. Bulk approval of 1,000 enrollments: statements counted, time vs one plain UPDATE of the same rows.
const BULK_SIZE = 1000;

const bulkApproval = async (bench: Bench): Promise<Result[]> => {
  const name = `Bulk approval of ${BULK_SIZE} enrollments`;
  const service = bench.strapi.plugin('groups').service('enrollment') as
    | { bulkTransition?: (input: Record<string, unknown>) => Promise<Array<{ ok: boolean; state?: string }>> }
    | undefined;
  if (!service?.bulkTransition)
    return [skip('bulk', name, 'bounded SQL', 'no enrollment.bulkTransition service yet')];
  const { strapi, db } = bench;
  const uid = 'plugin::groups.enrollment';
  const table = tableOf(strapi, uid);
  const groupLink = linkOf(strapi, uid, 'group');
  const decidedByLink = linkOf(strapi, uid, 'decidedBy');
  const manager = await strapi.db.query('admin::user').findOne({ where: { email: 'manager50@bench.test' } });
  // 1,000 enrollments of the manager's 50 groups, put back to "requested" before every run.
  const pick = async (n: number) =>
    (
      await db(`${table} as e`)
        .select('e.id', 'e.document_id')
        .join(`${groupLink.name} as l`, `l.${groupLink.joinColumn.name}`, 'e.id')
        .whereIn(`l.${groupLink.inverseJoinColumn.name}`, bench.personas.manager50.groupIds)
        .orderBy('e.id')
        .limit(n)
    ).map((r: { id: number; document_id: string }) => ({ id: Number(r.id), documentId: r.document_id }));
  const rows = await pick(BULK_SIZE);
  if (rows.length < BULK_SIZE)
    return [skip('bulk', name, 'bounded SQL', `only ${rows.length} enrollments in scope`)];
  const ids = rows.map((r) => r.id);
  const reset = async (subset: number[]) => {
    await db(table)
      .whereIn('id', subset)
      .update({ state: 'requested', decided_at: null, reason: null, history: '[]' });
    await db(decidedByLink.name).whereIn(decidedByLink.joinColumn.name, subset).delete();
  };
  const approve = async (subset: typeof rows) => {
    const outcomes = await service.bulkTransition!({
      documentIds: subset.map((r) => r.documentId),
      to: 'approved',
      actor: { kind: 'admin', user: { id: manager.id } },
    });
    const approved = outcomes.filter((o) => o.ok && o.state === 'approved').length;
    if (approved !== subset.length) throw new Error(`bulk approval approved ${approved} of ${subset.length}`);
  };
  const plainUpdate = async () => {
    const now = new Date();
    await db(table).whereIn('id', ids).update({ state: 'approved', decided_at: now, updated_at: now });
  };

  // Statements for 100 and for 1,000 rows: a bounded algorithm needs about as many for both.
  const small = rows.slice(0, 100);
  await reset(small.map((r) => r.id));
  const smallStatements = await countQueries(bench, () => approve(small));
  await reset(ids);
  const statements = await countQueries(bench, () => approve(rows));

  const runs = Math.max(5, Math.ceil(bench.runs / 2));
  const subjectRuns: number[] = [];
  const baselineRuns: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    await reset(ids);
    const s = await timeOnce(() => approve(rows));
    await reset(ids);
    const b = await timeOnce(plainUpdate);
    if (i > 0) {
      subjectRuns.push(s);
      baselineRuns.push(b);
    }
  }
  await reset(ids);
  const pair: Pair = {
    subjectMs: median(subjectRuns),
    baselineMs: median(baselineRuns),
    ratio: median(subjectRuns) / median(baselineRuns),
    subjectRuns,
    baselineRuns,
  };
  const bounded = statements.length <= BULK_STATEMENT_BOUND;
  bench.log(`${name}: ${statements.length} statements (${smallStatements.length} for 100 rows)`);
  return [
    {
      group: 'bulk',
      name: `${name}: SQL statements (100 rows: ${smallStatements.length})`,
      value: `${statements.length} statements`,
      target: `≤ ${BULK_STATEMENT_BOUND}, not per row`,
      status: bounded ? 'PASS' : 'MISS',
      details: { statements: statements.length, statementsFor100: smallStatements.length, sql: statements },
    },
    {
      ...ratioResult('bulk', `${name} vs one plain UPDATE of the same rows`, pair, Infinity),
      target: 'reported',
      status: 'INFO',
    },
  ];
};

/** A constant: locks, one read, one seat count, a few UPDATEs per 500 rows, the transaction. */
const BULK_STATEMENT_BOUND = 30;

export const SCENARIOS: Record<string, (bench: Bench) => Promise<Result[]>> = {
  // First: measured after the Super Admin's whole-site lists of `cm` at 1M (every row of the site sorted,
  // read and collected in this process), bulk approval and the per-request cost read 1.44× and 1.61× their
  // 100k time in the SQLite curve of 2 December 2026, and 1.08× and 1.23× in a curve of the two alone.
  admin: adminOverhead,
  bulk: bulkApproval,
  cm: cmList,
  report,
  bounded: (bench) => boundedResponses(bench),
  // A manager of a root with up to 500 sub-groups, beside the flat managers above (it adds a root group).
  tree: (bench) => treeScenario(bench),
  // Last: its baseline holds every row in this process, and the in-process server measured after it
  // would pay for collecting them.
  export: exportXlsx,
};

export const benchScenarios = async (bench: Bench, only?: string[]): Promise<Result[]> => {
  const results: Result[] = [];
  for (const [key, scenario] of Object.entries(SCENARIOS)) {
    if (only && !only.includes(key)) continue;
    try {
      results.push(...(await scenario(bench)));
    } catch (error) {
      results.push({
        group: key,
        name: key,
        value: '',
        target: '',
        status: 'ERROR',
        note: (error as Error).message.split('\n')[0],
      });
    }
  }
  return results;
};

export { tableOf };
