/**
 * `npm run load [-- --seconds 60] [--managers 50] [--kill] [--pg-restart]`
 *
 * Two Strapi nodes (the playground, built) on one PostgreSQL that this run starts on 127.0.0.1, requests
 * spread over both, N managers of different groups at once (two requests in flight each, as two browser
 * tabs), a realistic mix: overview, enrollment lists, reports, single and bulk approvals racing for the last
 * seats, attendance, a few exports, Content Manager lists, and attempts on other managers' enrollments.
 * An export refused with 429 (more at once on a node than `exportConcurrency` lets run and wait) is an
 * expected answer, counted and printed, when it carries Retry-After and its sentence.
 * Prints throughput and p50/p95/p99 per route, then checks the database: no 5xx but the outage's 503s, no
 * group over its seat limit, every successful approval with exactly one history entry, every changed
 * enrollment's history ending in its state (nothing half-written), no change by a manager outside their
 * groups. `--kill` SIGKILLs one node halfway and restarts it; `--pg-restart` stops PostgreSQL for a few
 * seconds halfway. Not part of CI; nothing here is a timed assertion.
 *
 * The client is our own (fetch): the mix is stateful (a manager approves what their list returned, and the
 * checks need to know which approvals succeeded) and the report is per route, which a replaying load
 * generator such as autocannon does not give.
 */
import { execSync, fork, type ChildProcess } from 'child_process';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { PASSWORD, createAdminUser } from '../helpers/http';
import { QUICK, linkManager, linkOf, seed, tableOf } from '../bench/seed';
import { ROOT, bootPlayground } from '../bench/boot';
import { median } from '../bench/measure';
import { GROUP_MANAGER_ROLE } from '../../common/domain/roles';
import { SEAT_STATES } from '../../common/domain/enrollment-status';
import { startPostgres, type Postgres } from './postgres';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SECONDS = option('seconds', 60);
const MANAGERS = option('managers', 50);
/** Free seats left in each manager's group when the run starts: the approvals race for them. */
const LAST_SEATS = 5;
const log = (message: string) => console.log(`[load] ${new Date().toISOString().slice(11, 19)} ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const GROUP = 'plugin::groups.group';
const ENROLLMENT = 'plugin::groups.enrollment';
const MANAGER = 'plugin::groups.group-manager';

/* The nodes */

interface Node {
  name: string;
  child: ChildProcess;
  base: string | null;
}

const spawnNode = (name: string, env: NodeJS.ProcessEnv): Promise<Node> =>
  new Promise((resolve, reject) => {
    const child = fork(`${ROOT}/tests/bench/server-child.ts`, [], {
      execArgv: ['--import', 'tsx'],
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const node: Node = { name, child, base: null };
    child.once('exit', (code, signal) => {
      // After it was ready this is a node lost during the run (the checks then fail): say so when it happens.
      if (node.base) log(`${name} exited during the run (${signal ?? `code ${code}`})`);
      node.base = null;
      reject(new Error(`${name} exited (${code}) before it was ready`));
    });
    child.on('message', (message: { cmd: string; port: number }) => {
      if (message.cmd !== 'ready') return;
      node.base = `http://127.0.0.1:${message.port}`;
      resolve(node);
    });
  });

/* What the run records */

interface Sample {
  route: string;
  ms: number;
  status: number;
  at: number;
}
const samples: Sample[] = [];
/** Approvals the server said succeeded: documentId → the manager's admin id. */
const approvals = new Map<string, number>();
const outOfScopeAccepted: string[] = [];
/** The exports' answers: files, refusals of a busy node (429, expected), and anything else. */
const exportsAnswered = {
  files: 0,
  busy: 0,
  busyMalformed: [] as string[],
  other: new Map<number, number>(),
};
const network = { refused: 0, interrupted: 0 };
const faults: Array<{ what: string; from: number; to: number }> = [];

class Interrupted extends Error {}
/** Each kind of 5xx is logged once, as it happens; the table counts them all. */
const logged = new Set<string>();

let nodes: Node[] = [];
let turn = 0;

/** Round robin over the nodes that are up, as a load balancer would; a refused connection tries another. */
const request = async (
  route: string,
  token: string,
  path: string,
  init: { method?: string; body?: unknown } = {}
): Promise<{ status: number; body: any; headers: Headers }> => {
  for (let attempt = 0; attempt < nodes.length + 1; attempt++) {
    const up = nodes.filter((n) => n.base);
    if (up.length === 0) {
      await sleep(200);
      continue;
    }
    const node = up[turn++ % up.length];
    const started = performance.now();
    try {
      const res = await fetch(node.base + path, {
        method: init.method ?? 'GET',
        headers: {
          Authorization: `Bearer ${token}`,
          ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(60_000),
      });
      const text = await res.text();
      samples.push({ route, ms: performance.now() - started, status: res.status, at: Date.now() });
      let body: any = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = text.length;
      }
      const first = `${route} ${res.status} ${node.name}`;
      if (res.status >= 500 && !logged.has(first)) {
        logged.add(first);
        log(
          `${route} → ${res.status} on ${node.name} (first of its kind): ${String(body?.error?.message ?? '')}`
        );
      }
      return { status: res.status, body, headers: res.headers };
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (code === 'ECONNREFUSED') {
        // Never reached the node: safe to send elsewhere.
        network.refused += 1;
        continue;
      }
      // Sent, and the node went away (or timed out): it may or may not have been applied.
      network.interrupted += 1;
      throw new Interrupted(`${route} on ${node.name}: ${code ?? (error as Error).message}`);
    }
  }
  throw new Interrupted(`${route}: no node up`);
};

/* One manager */

interface Manager {
  adminId: number;
  email: string;
  token: string;
  group: string;
}

const pick = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];

/** Enrollment ids seen in lists, per manager: other managers try them (and must be refused). */
const seen = new Map<number, string[]>();

const MIX: Array<[number, (m: Manager, all: Manager[]) => Promise<unknown>]> = [
  [15, (m) => request('overview', m.token, '/groups/workspace/overview')],
  [
    20,
    async (m) => {
      const res = await request(
        'enrollment list',
        m.token,
        `/groups/enrollments?group=${m.group}&pageSize=25&sort=requestedAt:desc`
      );
      if (res.status === 200)
        seen.set(
          m.adminId,
          res.body.data.map((r: { documentId: string }) => r.documentId)
        );
    },
  ],
  [10, (m) => request('report', m.token, `/groups/reports?group=${m.group}&pageSize=20`)],
  [
    15,
    async (m) => {
      const pending = await request(
        'enrollment list',
        m.token,
        `/groups/enrollments?group=${m.group}&state=requested,waitlisted&pageSize=20`
      );
      const target = pick(pending.body?.data ?? []) as { documentId: string } | undefined;
      if (!target) return;
      const res = await request(
        'approve one',
        m.token,
        `/groups/enrollments/${target.documentId}/transition`,
        {
          method: 'POST',
          body: { action: 'approve' },
        }
      );
      if (res.status === 200 && res.body.data.state === 'approved')
        approvals.set(target.documentId, m.adminId);
    },
  ],
  [
    5,
    async (m) => {
      const pending = await request(
        'enrollment list',
        m.token,
        `/groups/enrollments?group=${m.group}&state=requested,waitlisted&pageSize=10`
      );
      const ids = (pending.body?.data ?? []).map((r: { documentId: string }) => r.documentId);
      if (ids.length === 0) return;
      const res = await request('approve bulk', m.token, '/groups/enrollments/bulk-transition', {
        method: 'POST',
        body: { documentIds: ids, action: 'approve' },
      });
      if (res.status !== 200) return;
      for (const result of res.body.data as Array<{ documentId: string; ok: boolean; state?: string }>) {
        if (result.ok && (result.state ?? 'approved') === 'approved')
          approvals.set(result.documentId, m.adminId);
      }
    },
  ],
  [
    10,
    async (m) => {
      const seated = await request(
        'enrollment list',
        m.token,
        `/groups/enrollments?group=${m.group}&state=approved&pageSize=10`
      );
      const target = pick(seated.body?.data ?? []) as { documentId: string } | undefined;
      if (!target) return;
      await request('attendance', m.token, `/groups/enrollments/${target.documentId}/attendance`, {
        method: 'PUT',
        body: { attendance: Math.random() < 0.8 ? 'present' : 'absent' },
      });
    },
  ],
  [
    2,
    async (m) => {
      const res = await request('export', m.token, `/groups/reports/export?group=${m.group}`);
      if (res.status === 200) exportsAnswered.files += 1;
      else if (res.status === 429) {
        // The node runs as many exports as it may and its line is full (or the wait was over): expected.
        exportsAnswered.busy += 1;
        if (!res.headers.get('retry-after') || res.body?.error?.details?.key !== 'server.reports.exportBusy')
          exportsAnswered.busyMalformed.push(
            `retry-after ${res.headers.get('retry-after')}, ${res.body?.error?.message}`
          );
      } else exportsAnswered.other.set(res.status, (exportsAnswered.other.get(res.status) ?? 0) + 1);
    },
  ],
  [
    13,
    (m) =>
      request(
        'CM list',
        m.token,
        '/content-manager/collection-types/plugin::groups.enrollment?page=1&pageSize=10&sort=updatedAt:DESC'
      ),
  ],
  [
    5,
    async (m, all) => {
      const other = pick(all.filter((o) => o !== m && seen.get(o.adminId)?.length));
      const target = other ? pick(seen.get(other.adminId)!) : undefined;
      if (!target) return;
      const res = await request('approve out of scope', m.token, `/groups/enrollments/${target}/transition`, {
        method: 'POST',
        body: { action: 'approve' },
      });
      if (res.status < 300) outOfScopeAccepted.push(`${m.email} → ${target}`);
    },
  ],
];
const WEIGHT = MIX.reduce((sum, [w]) => sum + w, 0);

const act = (m: Manager, all: Manager[]) => {
  let r = Math.random() * WEIGHT;
  for (const [weight, fn] of MIX) {
    r -= weight;
    if (r < 0) return fn(m, all);
  }
  return MIX[0][1](m, all);
};

const loop = async (m: Manager, all: Manager[], until: number) => {
  while (Date.now() < until) {
    try {
      await act(m, all);
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      await sleep(100);
    }
  }
};

/* Setting up and checking */

const column = (strapi: Core.Strapi, uid: string, attribute: string) =>
  (strapi.db.metadata.get(uid) as unknown as { attributes: Record<string, { columnName: string }> })
    .attributes[attribute].columnName;

const setUp = async (strapi: Core.Strapi, db: Knex) => {
  const seeded = await seed(strapi, QUICK, log);
  // Group 1 is the bench's large group: the managers take the next ones, one each.
  const groupIds = seeded.groupIds.slice(1, MANAGERS + 1);
  if (groupIds.length < MANAGERS) throw new Error(`only ${groupIds.length} groups for ${MANAGERS} managers`);
  const link = linkOf(strapi, ENROLLMENT, 'group');
  const state = column(strapi, ENROLLMENT, 'state');
  // A few seats left in each group: the approvals race for the last ones, on both nodes.
  for (const groupId of groupIds) {
    const [{ n }] = await db(tableOf(strapi, ENROLLMENT))
      .join(link.name, `${link.name}.${link.joinColumn.name}`, `${tableOf(strapi, ENROLLMENT)}.id`)
      .where(`${link.name}.${link.inverseJoinColumn.name}`, groupId)
      .whereIn(state, SEAT_STATES as string[])
      .count({ n: '*' });
    await db(tableOf(strapi, GROUP))
      .where('id', groupId)
      .update({ [column(strapi, GROUP, 'seatLimit')]: Number(n) + LAST_SEATS });
  }
  const documentIds = new Map<number, string>(
    (
      await db(tableOf(strapi, GROUP))
        .whereIn('id', groupIds)
        .select('id', column(strapi, GROUP, 'documentId'))
    ).map((row: Record<string, unknown>) => [
      Number(row.id),
      String(row[column(strapi, GROUP, 'documentId')]),
    ])
  );
  const managers: Array<Omit<Manager, 'token'>> = [];
  for (const [i, groupId] of groupIds.entries()) {
    const email = `manager${i + 1}@load.test`;
    const user = await createAdminUser(strapi, email, [GROUP_MANAGER_ROLE.code]);
    await linkManager(strapi, user.id, [groupId]);
    managers.push({ adminId: user.id, email, group: documentIds.get(groupId)! });
  }
  return managers;
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

interface HistoryEntry {
  at: string;
  by: string | null;
  to: string;
}

const check = async (strapi: Core.Strapi, db: Knex, startedAt: Date) => {
  const E = tableOf(strapi, ENROLLMENT);
  const groupLink = linkOf(strapi, ENROLLMENT, 'group');
  const rows: Array<{
    id: number;
    document_id: string;
    state: string;
    history: unknown;
    group_id: number;
    updated_at: Date;
  }> = await db(E)
    .join(groupLink.name, `${groupLink.name}.${groupLink.joinColumn.name}`, `${E}.id`)
    .select({
      id: `${E}.id`,
      document_id: `${E}.${column(strapi, ENROLLMENT, 'documentId')}`,
      state: `${E}.${column(strapi, ENROLLMENT, 'state')}`,
      history: `${E}.${column(strapi, ENROLLMENT, 'history')}`,
      group_id: `${groupLink.name}.${groupLink.inverseJoinColumn.name}`,
      updated_at: `${E}.${column(strapi, ENROLLMENT, 'updatedAt')}`,
    });
  const historyOf = (row: { history: unknown }): HistoryEntry[] =>
    (typeof row.history === 'string' ? JSON.parse(row.history) : row.history) ?? [];

  // Whose groups: admin id → group ids.
  const userLink = linkOf(strapi, MANAGER, 'user');
  const managerGroup = linkOf(strapi, MANAGER, 'group');
  const scopeRows: Array<{ admin: number; group: number }> = await db(userLink.name)
    .join(
      managerGroup.name,
      `${managerGroup.name}.${managerGroup.joinColumn.name}`,
      `${userLink.name}.${userLink.joinColumn.name}`
    )
    .select({
      admin: `${userLink.name}.${userLink.inverseJoinColumn.name}`,
      group: `${managerGroup.name}.${managerGroup.inverseJoinColumn.name}`,
    });
  const scope = new Map<number, Set<number>>();
  for (const { admin, group } of scopeRows)
    scope.set(Number(admin), (scope.get(Number(admin)) ?? new Set()).add(Number(group)));

  const problems: string[] = [];
  const byDocument = new Map(rows.map((row) => [row.document_id, row]));
  let changed = 0;
  for (const row of rows) {
    const history = historyOf(row);
    const recent = history.filter((entry) => new Date(entry.at) >= startedAt);
    if (recent.length) changed += 1;
    // All or nothing: a change of state always comes with its history entry, and the last one is the state.
    if (recent.length && history[history.length - 1].to !== row.state) {
      problems.push(
        `${row.document_id}: ${row.state} but its history ends in ${history[history.length - 1].to}`
      );
    }
    for (const entry of recent) {
      const admin = /^admin:(\d+)$/.exec(entry.by ?? '')?.[1];
      if (admin && !scope.get(Number(admin))?.has(Number(row.group_id))) {
        problems.push(
          `${row.document_id} (group ${row.group_id}) changed by admin ${admin} outside their groups`
        );
      }
    }
  }
  for (const [documentId, adminId] of approvals) {
    const row = byDocument.get(documentId);
    const entries = row
      ? historyOf(row).filter(
          (e) => e.to === 'approved' && e.by === `admin:${adminId}` && new Date(e.at) >= startedAt
        )
      : [];
    if (entries.length !== 1) problems.push(`approval of ${documentId}: ${entries.length} history entries`);
  }
  // Seats: approved rows per group never above its limit.
  const seatLimit = column(strapi, GROUP, 'seatLimit');
  const limits: Array<{ id: number; limit: number | null }> = await db(tableOf(strapi, GROUP)).select({
    id: 'id',
    limit: seatLimit,
  });
  let over = 0;
  for (const { id, limit } of limits) {
    if (limit === null) continue;
    const seated = rows.filter(
      (row) => Number(row.group_id) === Number(id) && SEAT_STATES.includes(row.state as never)
    ).length;
    if (seated > Number(limit)) {
      over += 1;
      problems.push(`group ${id}: ${seated} seats used of ${limit}`);
    }
  }
  for (const attempt of outOfScopeAccepted) problems.push(`out-of-scope approval accepted: ${attempt}`);
  for (const answer of exportsAnswered.busyMalformed)
    problems.push(`an export's 429 without its Retry-After or sentence: ${answer}`);
  return { problems, changed, overSeatLimit: over };
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const report = (startedAt: number, endedAt: number) => {
  const seconds = (endedAt - startedAt) / 1000;
  const routes = [...new Set(samples.map((s) => s.route))].sort();
  const lines = [
    '| route | requests | per second | p50 | p95 | p99 | statuses |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const route of [...routes, 'all']) {
    const mine = samples.filter((s) => route === 'all' || s.route === route);
    const ms = mine.map((s) => s.ms).sort((a, b) => a - b);
    const statuses = new Map<number, number>();
    mine.forEach((s) => statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1));
    lines.push(
      `| ${route} | ${mine.length} | ${(mine.length / seconds).toFixed(1)} | ${median(ms).toFixed(0)} ms | ${percentile(ms, 95).toFixed(0)} ms | ${percentile(ms, 99).toFixed(0)} ms | ${[
        ...statuses.entries(),
      ]
        .sort()
        .map(([status, n]) => `${status}×${n}`)
        .join(' ')} |`
    );
  }
  return lines.join('\n');
};

const main = async () => {
  execSync('node scripts/ensure-built.js', { cwd: ROOT, stdio: 'inherit' });
  log(`starting PostgreSQL for the run`);
  const pg: Postgres = await startPostgres();
  const env = {
    ...process.env,
    DATABASE_CLIENT: 'postgres',
    DATABASE_HOST: '127.0.0.1',
    DATABASE_PORT: String(pg.port),
    DATABASE_USERNAME: 'postgres',
    DATABASE_NAME: 'postgres',
    DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX ?? '10',
  };
  Object.assign(process.env, env, { GROUPS_WORKER_INTERVAL_MS: '0' });
  let strapi: Core.Strapi | null = null;
  let exitCode = 1;
  try {
    // This process seeds, then stays up only to read the database for the checks.
    strapi = await bootPlayground();
    const db = strapi.db.connection as unknown as Knex;
    const seeding = await setUp(strapi, db);
    log(`seeded; ${seeding.length} managers, ${LAST_SEATS} seats left in each of their groups`);
    log('starting two nodes');
    nodes = await Promise.all([spawnNode('node A', env), spawnNode('node B', env)]);
    const managers: Manager[] = [];
    for (const m of seeding) managers.push({ ...m, token: await login(nodes[0].base!, m.email) });

    const startedAtDate = new Date();
    const startedAt = Date.now();
    const until = startedAt + SECONDS * 1000;
    log(`${managers.length} managers, two requests in flight each, for ${SECONDS} s`);
    const fault = (async () => {
      await sleep((SECONDS * 1000) / 3);
      if (flag('kill')) {
        const victim = nodes[1];
        log(`SIGKILL ${victim.name}`);
        const from = Date.now();
        victim.child.removeAllListeners('exit');
        victim.child.kill('SIGKILL');
        victim.base = null;
        const restarted = await spawnNode(victim.name, env);
        nodes[1] = restarted;
        faults.push({ what: `${victim.name} killed and restarted`, from, to: Date.now() });
        log(`${victim.name} is back after ${((Date.now() - from) / 1000).toFixed(1)} s`);
      }
      if (flag('pg-restart')) {
        log('stopping PostgreSQL for 5 s');
        const from = Date.now();
        await pg.restart(5);
        faults.push({ what: 'PostgreSQL stopped for 5 s and started', from, to: Date.now() });
        log('PostgreSQL is back');
      }
    })();
    await Promise.all(managers.flatMap((m) => [loop(m, managers, until), loop(m, managers, until)]));
    await fault;
    const endedAt = Date.now();

    // After the run: every node serves again.
    for (const node of nodes) {
      if (!node.base) throw new Error(`${node.name} exited during the run and does not serve`);
      const res = await fetch(`${node.base}/groups/workspace/overview`, {
        headers: { Authorization: `Bearer ${managers[0].token}` },
      });
      log(`${node.name} after the run: ${res.status}`);
      if (res.status !== 200) throw new Error(`${node.name} does not serve after the run (${res.status})`);
    }

    console.log(`\n${report(startedAt, endedAt)}\n`);
    // Outside a fault's window (plus the time for a pool to notice), a 503 is a failure too.
    const inFault = (at: number) => faults.some((f) => at >= f.from - 1000 && at <= f.to + 15_000);
    const fivexx = samples.filter((s) => s.status >= 500 && !(s.status === 503 && inFault(s.at)));
    const outage503 = samples.filter((s) => s.status === 503 && inFault(s.at)).length;
    const { problems, changed, overSeatLimit } = await check(strapi, db, startedAtDate);
    console.log(
      [
        `requests: ${samples.length} in ${((endedAt - startedAt) / 1000).toFixed(0)} s (${(samples.length / ((endedAt - startedAt) / 1000)).toFixed(1)}/s)`,
        `faults: ${faults.map((f) => `${f.what} (${((f.to - f.from) / 1000).toFixed(1)} s)`).join('; ') || 'none'}`,
        `connections refused and sent to the other node: ${network.refused}; interrupted in flight: ${network.interrupted}`,
        `5xx: ${fivexx.length} (${[...new Set(fivexx.map((s) => `${s.route} ${s.status}`))].join(', ') || 'none'}); 503 during the outage: ${outage503}`,
        `successful approvals: ${approvals.size}; enrollments changed: ${changed}; groups over their seat limit: ${overSeatLimit}`,
        `exports: ${exportsAnswered.files} files; ${exportsAnswered.busy} refused with 429 (too many at once on a node: expected, not an error)${
          exportsAnswered.other.size
            ? `; other answers: ${[...exportsAnswered.other].map(([status, n]) => `${status}×${n}`).join(' ')}`
            : ''
        }`,
        `problems: ${problems.length}`,
        ...problems.slice(0, 20).map((p) => `  - ${p}`),
      ].join('\n')
    );
    exitCode = fivexx.length === 0 && problems.length === 0 ? 0 : 1;
    console.log(exitCode === 0 ? '\nPASS' : '\nFAIL');
  } finally {
    for (const node of nodes) {
      node.child.removeAllListeners('exit');
      node.child.kill('SIGTERM');
    }
    if (strapi) await strapi.destroy().catch(() => undefined);
    pg.remove();
  }
  process.exit(exitCode);
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
