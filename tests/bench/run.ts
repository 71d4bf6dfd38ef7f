/**
 * `npm run bench [-- --quick | --scale 10k|100k|1m] [--runs N] [--only cm,report,export,bulk,tree,admin,bounded] [--reuse]`
 * `npm run bench -- --curve [--scales 10k,100k,1m] [--printed]`: each scale in turn, then each measurement's
 * time at every scale and the factor from 100k to 1M (`--printed`: only print the curve of the last runs).
 *
 * Seeds 500 groups, 2,000 courses, 20,000 learners and 100,000 enrollments (10,000 with --quick) with bulk
 * SQL into a fresh database (SQLite, or PostgreSQL with DATABASE_CLIENT=postgres), boots the playground's
 * Strapi in this process, and times each operation of docs/PERFORMANCE.md against a baseline timed in the same run.
 * Prints a table and writes .tmp/bench-results.json. No target here is asserted by the test suite.
 */
import { execSync, fork } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { AddressInfo } from 'net';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { SCALES, linkManager, seed, type Scale, type Seeded, type Volumes } from './seed';
import { printCurve, resultsFile, runCurve } from './curve';
import { comparePair, fmtMs, type Pair } from './measure';
import { PASSWORD, createAdminUser } from '../helpers/http';
import { PLAYGROUND, ROOT, bootPlayground } from './boot';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import { benchScenarios, type Bench, type ChildServer, type Result } from './scenarios';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

const scale = (flag('quick') ? '10k' : (option('scale') ?? '100k')) as Scale;
if (!(scale in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
const quick = scale === '10k';
const volumes: Volumes = SCALES[scale];
const runs = Number(option('runs') ?? (quick ? 5 : scale === '1m' ? 9 : 15));
const only = option('only')?.split(',');
const client = process.env.DATABASE_CLIENT === 'postgres' ? 'postgres' : 'sqlite';
const log = (message: string) => console.log(`[bench] ${message}`);

/** A fresh database per run; --reuse keeps a seeded one between runs while iterating on a fix. */
const prepareDatabase = async (): Promise<{ fresh: boolean }> => {
  const reuse = flag('reuse');
  // The names of the first two scales are those of the runs before --scale, so --reuse finds their data.
  const name = `bench_${{ '10k': 'quick', '100k': 'full', '1m': '1m' }[scale]}`;
  if (client === 'postgres') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Client } = require('pg');
    const admin = new Client({
      host: process.env.DATABASE_HOST ?? '127.0.0.1',
      port: Number(process.env.DATABASE_PORT ?? 5432),
      user: process.env.DATABASE_USERNAME ?? 'postgres',
      password: process.env.DATABASE_PASSWORD ?? '',
      database: 'postgres',
    });
    await admin.connect();
    const dbName = `groups_${name}`;
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [dbName])).rowCount > 0;
    let fresh = true;
    if (exists && reuse) fresh = false;
    else {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${dbName}`);
    }
    await admin.end();
    process.env.DATABASE_NAME = dbName;
    return { fresh };
  }
  const file = path.join('.tmp', `${name}.db`);
  const full = path.join(PLAYGROUND, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  const fresh = !(reuse && fs.existsSync(full));
  if (fresh) for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(full + suffix, { force: true });
  process.env.DATABASE_FILENAME = file;
  return { fresh };
};

const boot = bootPlayground;

/** The plugin's default "Group Manager" role, with its scope conditions. */
const MANAGER_ROLE_CODE = GROUP_MANAGER_ROLE.code;

const assertManagerRole = async (strapi: Core.Strapi) => {
  const role = await strapi.db.query('admin::role').findOne({ where: { code: MANAGER_ROLE_CODE } });
  if (!role) throw new Error(`The plugin did not create its "${GROUP_MANAGER_ROLE.name}" role.`);
};

const login = async (base: string, email: string): Promise<string> => {
  const res = await fetch(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: { token: string } }).data.token;
};

const setUpPersonas = async (strapi: Core.Strapi, base: string, seeded: Seeded, fresh: boolean) => {
  const owner = 'owner@bench.test';
  if (fresh) {
    const res = await fetch(`${base}/admin/register-admin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: owner, firstname: 'Site', lastname: 'Owner', password: PASSWORD }),
    });
    if (!res.ok) throw new Error(`register-admin: ${res.status} ${await res.text()}`);
  }
  await assertManagerRole(strapi);
  // The manager of 3 groups runs the large group (the report is measured as them); the manager of 50
  // runs 50 ordinary groups (the bulk approval is theirs).
  const three = [seeded.groupIds[0], seeded.groupIds[1], seeded.groupIds[2]];
  const fifty = seeded.groupIds.slice(3, 53);
  const personas: Array<[string, number[]]> = [
    ['manager3@bench.test', three],
    ['manager50@bench.test', fifty],
  ];
  for (const [email, groups] of personas) {
    if (!fresh) continue;
    const user = await createAdminUser(strapi, email, [MANAGER_ROLE_CODE]);
    await linkManager(strapi, user.id, groups);
  }
  return {
    superAdmin: await login(base, owner),
    manager3: { token: await login(base, personas[0][0]), groupIds: three },
    manager50: { token: await login(base, personas[1][0]), groupIds: fifty },
  };
};

/** Seeded with the document service elsewhere? Checks that Strapi reads the bulk rows as its own. */
const checkSeed = async (strapi: Core.Strapi, seeded: Seeded) => {
  const sample = await strapi.documents('plugin::groups.enrollment').findMany({
    filters: { group: { id: seeded.bigGroupId } },
    populate: { group: true, learner: true, course: true },
    limit: 1,
  });
  const first = sample[0] as unknown as
    { documentId?: string; group?: { id: number }; requestedAt?: string } | undefined;
  if (!first?.documentId || first.group?.id !== seeded.bigGroupId || !first.requestedAt) {
    throw new Error(
      `Seeded enrollments do not read back through the document service: ${JSON.stringify(first)}`
    );
  }
  const count = await strapi.documents('plugin::groups.enrollment').count({});
  if (count !== seeded.enrollmentCount)
    throw new Error(`Expected ${seeded.enrollmentCount} enrollments, found ${count}`);
};

const readSeeded = async (strapi: Core.Strapi): Promise<Seeded> => {
  const groups = await strapi.db
    .query('plugin::groups.group')
    .findMany({ select: ['id'], orderBy: { id: 'asc' } });
  const learners = await strapi.db
    .query('plugin::users-permissions.user')
    .findMany({ select: ['id'], orderBy: { id: 'asc' } });
  return {
    groupIds: groups.map((g: { id: number }) => g.id),
    bigGroupId: groups[0].id,
    enrollmentCount: await strapi.db.query('plugin::groups.enrollment').count(),
    learnerIds: learners.map((l: { id: number }) => l.id),
  };
};

/** The playground's Strapi in a child process on the same database, for the server-side memory reading. */
const spawnServer = async (): Promise<ChildServer> => {
  const child = fork(path.join(__dirname, 'server-child.ts'), [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reply = (cmd: string) =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const onMessage = (message: { cmd: string } & Record<string, number>) => {
        if (message.cmd !== cmd) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(message);
      };
      const onExit = (code: number | null) => reject(new Error(`the bench server exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const { port } = await reply('ready');
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    async gc() {
      const answer = reply('gc');
      child.send({ cmd: 'gc' });
      return (await answer).rss;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ cmd: 'stop' });
      await exited;
    },
  };
};

/** The same table in Markdown, for docs/PERFORMANCE.md. */
const markdownTable = (results: Result[]) =>
  [
    '| measurement | ours | baseline | ratio / value | target | result |',
    '|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.subjectMs !== undefined ? fmtMs(r.subjectMs) : ''} | ${
          r.baselineMs !== undefined ? fmtMs(r.baselineMs) : ''
        } | ${r.value} | ${r.target} | ${r.status} |`
    ),
  ].join('\n') + '\n';

const printTable = (results: Result[]) => {
  const rows = results.map((r) => [
    r.name,
    r.subjectMs !== undefined ? fmtMs(r.subjectMs) : '',
    r.baselineMs !== undefined ? fmtMs(r.baselineMs) : '',
    r.value,
    r.target,
    r.status,
  ]);
  const header = ['measurement', 'ours', 'baseline', 'ratio / value', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  console.log('\n' + line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  rows.forEach((row) => console.log(line(row)));
  for (const r of results.filter((x) => x.note)) console.log(`  ${r.name}: ${r.note}`);
};

const main = async () => {
  const started = Date.now();
  execSync('node scripts/ensure-built.js', { cwd: ROOT, stdio: 'inherit' });
  const { fresh } = await prepareDatabase();
  log(`${client}, ${scale} data set, ${runs} timed runs per measurement`);
  const strapi = await boot();
  const base = `http://127.0.0.1:${(strapi.server.httpServer.address() as AddressInfo).port}`;
  // The bench's client and this server share one event loop, which an in-process baseline on SQLite holds
  // (better-sqlite3 is synchronous). A request sent on a pooled connection right after a hold longer than
  // the server's keep-alive (5 s) raced the server closing that idle connection: ECONNRESET, "fetch failed".
  strapi.server.httpServer.keepAliveTimeout = 65_000;
  let results: Result[] = [];
  let seedSeconds: number | null = null;
  try {
    let seeded: Seeded;
    if (fresh) {
      const seedStart = Date.now();
      seeded = await seed(strapi, volumes, log);
      seedSeconds = Math.round((Date.now() - seedStart) / 100) / 10;
      log(`seeded in ${seedSeconds} s`);
    } else {
      seeded = await readSeeded(strapi);
      log(`reusing the seeded database (${seeded.enrollmentCount} enrollments)`);
    }
    await checkSeed(strapi, seeded);
    const personas = await setUpPersonas(strapi, base, seeded, fresh);
    const bench: Bench = {
      strapi,
      db: strapi.db.connection as unknown as Knex,
      base,
      seeded,
      volumes,
      personas,
      runs,
      warmup: Math.max(2, Math.ceil(runs / 5)),
      log,
      spawnServer: () => spawnServer(),
      compare: (subject, baseline, opts) =>
        comparePair(
          subject,
          baseline,
          opts ?? { runs, warmup: Math.max(2, Math.ceil(runs / 5)) }
        ) as Promise<Pair>,
    };
    results = await benchScenarios(bench, only);
  } finally {
    strapi.server.httpServer.close();
    await strapi.destroy();
  }
  printTable(results);
  const out = {
    date: new Date().toISOString(),
    database: client,
    mode: quick ? 'quick' : 'full',
    scale,
    volumes,
    runs,
    loadAverage: os.loadavg().map((l) => Math.round(l * 10) / 10),
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    seconds: Math.round((Date.now() - started) / 1000),
    seedSeconds,
    results,
  };
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, '.tmp', 'bench-results.json'), JSON.stringify(out, null, 2));
  fs.writeFileSync(path.join(ROOT, '.tmp', 'bench-results.md'), markdownTable(results));
  fs.writeFileSync(resultsFile(client, scale), JSON.stringify(out, null, 2));
  log(
    `done in ${out.seconds} s (load average ${out.loadAverage.join(', ')} on ${out.machine.cpus} cores); results in .tmp/bench-results.json`
  );
  const missed = results.filter((r) => r.status === 'MISS' || r.status === 'ERROR');
  process.exitCode = missed.length ? 1 : 0;
};

const entry = flag('curve')
  ? () => {
      const scales = (option('scales')?.split(',') ?? Object.keys(SCALES)) as Scale[];
      if (!flag('printed')) runCurve(scales, args);
      printCurve(client, scales);
      return Promise.resolve();
    }
  : main;

entry().catch((error) => {
  console.error(error);
  process.exit(1);
});
