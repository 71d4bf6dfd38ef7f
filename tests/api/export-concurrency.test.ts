/**
 * How many Excel exports run at once on a node (exportConcurrency, services/report-export.ts): with one
 * running and one waiting, a third export is answered 429 with Retry-After and a sentence before any byte,
 * the waiting one runs when the first ends, a waiter whose wait is over or who goes away leaves the line,
 * an export whose requester left frees its slot, and scope and filter answers take no slot. Runs on
 * SQLite, and on PostgreSQL with DATABASE_CLIENT=postgres.
 *
 * The running export is held in its Summary (the report service's `summary`, which runs once the export
 * has its slot) until the test lets it go: no test here depends on how long anything takes.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import request from 'supertest';
import { MESSAGES } from '../../common/domain/messages';
import { bearer } from '../helpers/http';
import { otherPostgresConnection, untilSomeoneWaits } from '../helpers/sql';
import { buildScopeFixture, type ScopeFixture } from '../helpers/scope-fixture';
import { bootStrapi, type TestStrapi } from '../helpers/strapi';
import { LEARNER } from '../helpers/uids';
import { binary, readWorkbook } from '../helpers/xlsx';

const BUSY = MESSAGES['server.reports.exportBusy'];

describe('Excel exports at once (real Strapi)', () => {
  let app: TestStrapi;
  let fx: ScopeFixture;
  let port: number;

  const exportService = () =>
    app.strapi.plugin('groups').service('report-export') as {
      load: () => { running: number; waiting: number };
    };
  const reportService = () =>
    app.strapi.plugin('groups').service('report') as { summary: (...args: unknown[]) => Promise<unknown> };
  const load = () => exportService().load();

  const setWaitSeconds = (waitSeconds: number) => {
    const config = app.strapi.config.get('plugin::groups') as { exportConcurrency: object };
    app.strapi.config.set('plugin::groups', {
      ...config,
      exportConcurrency: { ...config.exportConcurrency, waitSeconds },
    });
  };

  /** Starts an export of group A as its manager (supertest sends on `then`); resolves with the response. */
  const startExport = (query: Record<string, string> = { group: fx.groups.A.documentId }, token?: string) => {
    const response = request(`http://127.0.0.1:${port}`)
      .get('/groups/reports/export')
      .query(query)
      .set(bearer(token ?? fx.tokens.managerA ?? ''))
      .buffer(true)
      .parse(binary)
      .then((res) => res);
    // A test that fails while this is pending stops Strapi under it: that is the test's failure, not a crash.
    response.catch(() => undefined);
    return response;
  };

  /** An export request over a plain socket that the test can drop, as a closed browser tab does. */
  const startDroppableExport = () => {
    const req = http.get({
      host: '127.0.0.1',
      port,
      path: `/groups/reports/export?group=${fx.groups.A.documentId}`,
      headers: bearer(fx.tokens.managerA ?? ''),
    });
    req.on('error', () => undefined);
    return req;
  };

  /** Resolves once `condition` holds (checked between turns of the event loop, no deadline: jest's timeout is the guard). */
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  /**
   * Holds the next export's Summary (so the export keeps its slot) until `release()`; `inside` resolves
   * once that export holds its slot and is in its Summary.
   */
  const holdNextExport = () => {
    const service = reportService();
    const original = service.summary.bind(service);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    jest.spyOn(service, 'summary').mockImplementationOnce(async (...args: unknown[]) => {
      entered();
      await released;
      return original(...args);
    });
    return { inside, release };
  };

  const expectWorkbook = async (res: request.Response) => {
    expect(res.status).toBe(200);
    const workbook = await readWorkbook(res.body as Buffer);
    expect(workbook.getWorksheet('Enrollments')).toBeDefined();
  };

  const expectBusy = (res: request.Response, reason: 'full' | 'timeout') => {
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('60');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    // The export's responses are read as bytes (binary); an error answer is Strapi's JSON.
    expect(JSON.parse((res.body as Buffer).toString('utf8')).error).toMatchObject({
      name: 'RateLimitError',
      message: BUSY,
      details: { key: 'server.reports.exportBusy', retryAfter: 60, reason },
    });
  };

  beforeAll(async () => {
    app = await bootStrapi({
      pluginConfig: {
        courseContentType: 'api::course.course',
        emailDelivery: { workerIntervalMs: 0 },
        invitationUrl: 'http://localhost:1337/confirm-invitation',
        exportConcurrency: { running: 1, waiting: 1, waitSeconds: 120 },
      },
    });
    fx = await buildScopeFixture(app.strapi);
    // Listening once for the whole file: supertest then neither opens nor closes the server per request.
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    port = (app.server.address() as AddressInfo).port;
  });

  afterEach(() => {
    jest.restoreAllMocks();
    setWaitSeconds(120);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('runs one, lines one up and refuses the third with 429, Retry-After and a sentence', async () => {
    const held = holdNextExport();
    const first = startExport();
    await held.inside;
    expect(load()).toEqual({ running: 1, waiting: 0 });

    const second = startExport();
    await until(() => load().waiting === 1);

    // The line is full: refused at once, before any byte of a workbook.
    expectBusy(await startExport(), 'full');
    expect(load()).toEqual({ running: 1, waiting: 1 });

    held.release();
    const [one, two] = await Promise.all([first, second]);
    await expectWorkbook(one);
    await expectWorkbook(two);

    // Both ended: their slots are free, and a new export runs at once.
    await until(() => load().running === 0);
    expect(load()).toEqual({ running: 0, waiting: 0 });
    await expectWorkbook(await startExport());
  });

  it('answers 429 to a waiter whose wait is over, and it leaves the line', async () => {
    setWaitSeconds(1);
    const held = holdNextExport();
    const first = startExport();
    await held.inside;

    expectBusy(await startExport(), 'timeout');
    expect(load()).toEqual({ running: 1, waiting: 0 });

    held.release();
    await expectWorkbook(await first);
    await until(() => load().running === 0);
  });

  it('lets a requester who goes away while waiting leave the line', async () => {
    const held = holdNextExport();
    const first = startExport();
    await held.inside;

    const quitter = startDroppableExport();
    await until(() => load().waiting === 1);
    quitter.destroy();
    await until(() => load().waiting === 0);

    // The place is free again: the next request waits (not refused) and runs after the first.
    const next = startExport();
    await until(() => load().waiting === 1);
    held.release();
    await expectWorkbook(await first);
    await expectWorkbook(await next);
    await until(() => load().running === 0);
  });

  it('frees the slot of an export whose requester went away', async () => {
    const held = holdNextExport();
    const dropped = startDroppableExport();
    await held.inside;
    expect(load().running).toBe(1);
    dropped.destroy();
    // Whether the server sees the closed connection before the Summary ends (the export then starts no
    // worker) or after (Koa destroys the stream it was handed, which ends the worker), the slot is freed.
    held.release();
    await until(() => load().running === 0);
    await expectWorkbook(await startExport());
  });

  // On PostgreSQL the test can hold the worker itself: the learners' table locked by another session, the
  // worker's first read of rows waits, with the response open and no byte sent yet.
  const onPostgres = (process.env.DATABASE_CLIENT ?? 'sqlite') === 'postgres';
  (onPostgres ? it : it.skip)(
    'frees the slot of a download dropped while its worker reads (PostgreSQL)',
    async () => {
      const summary = jest.spyOn(reportService(), 'summary');
      const other = await otherPostgresConnection();
      try {
        await other.query('BEGIN');
        await other.query(
          `LOCK TABLE "${app.strapi.db.metadata.get(LEARNER).tableName}" IN ACCESS EXCLUSIVE MODE`
        );
        const dropped = startDroppableExport();
        await until(() => summary.mock.results.length === 1);
        // The Summary done (it reads no learner), whoever waits on the lock now is the export's worker.
        await summary.mock.results[0].value;
        await untilSomeoneWaits(other);
        expect(load()).toEqual({ running: 1, waiting: 0 });
        dropped.destroy();
        await until(() => load().running === 0);
      } finally {
        await other.query('COMMIT');
        await other.end();
      }
      await expectWorkbook(await startExport());
    }
  );

  it("lines the weekly digest's report up past a full line, but not past a third of its email's lease", async () => {
    const config = app.strapi.config.get('plugin::groups') as { emailDelivery: { leaseMs: number } };
    const digests = app.strapi.plugin('groups').service('notification-digests') as {
      weekly: (adminId: number, from: string, to: string, language: 'en' | 'nl') => Promise<unknown>;
    };
    const held = holdNextExport();
    const first = startExport();
    await held.inside;
    const second = startExport();
    await until(() => load().waiting === 1);
    // The line (1) is full: a manager is refused, the digest joins it.
    expectBusy(await startExport(), 'full');

    const leaseMs = config.emailDelivery.leaseMs;
    app.strapi.config.set('plugin::groups', {
      ...config,
      emailDelivery: { ...config.emailDelivery, leaseMs: 1500 },
    });
    try {
      const digest = digests.weekly(fx.admins.managerA.id, '2026-11-23', '2026-11-30', 'en');
      digest.catch(() => undefined);
      await until(() => load().waiting === 2);
      // Its render fails (the outbox retries the email later) instead of outliving the claim's lease.
      await expect(digest).rejects.toMatchObject({
        name: 'RateLimitError',
        details: { key: 'server.reports.exportBusy', reason: 'timeout' },
      });
      expect(load()).toEqual({ running: 1, waiting: 1 });
    } finally {
      app.strapi.config.set('plugin::groups', {
        ...(app.strapi.config.get('plugin::groups') as object),
        emailDelivery: { ...config.emailDelivery, leaseMs },
      });
    }

    held.release();
    await expectWorkbook(await first);
    await expectWorkbook(await second);
    await until(() => load().running === 0);
  });

  it('answers scope and filter refusals at once, taking no slot and no place in line', async () => {
    const held = holdNextExport();
    const first = startExport();
    await held.inside;
    const second = startExport();
    await until(() => load().waiting === 1);

    // Group B is not managerA's: 403, not 429.
    expect((await startExport({ group: fx.groups.B.documentId })).status).toBe(403);
    // An unknown group: 404.
    expect((await startExport({ group: 'nosuchgroup00000000000000' })).status).toBe(404);
    // A bad filter: 400.
    expect((await startExport({ group: fx.groups.A.documentId, state: 'nope' })).status).toBe(400);
    // A user field the site does not list: 400 from the rows' statement, before a slot.
    expect((await startExport({ group: fx.groups.A.documentId, userField: 'nosuch:x' })).status).toBe(400);
    expect(load()).toEqual({ running: 1, waiting: 1 });

    held.release();
    await expectWorkbook(await first);
    await expectWorkbook(await second);
    await until(() => load().running === 0);
  });
});
