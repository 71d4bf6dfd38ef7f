/**
 * `node --import tsx tests/bench/export-memory.ts [--scale 1m] [--node-args "--trace-gc"] [--snapshot-at 20]`
 *
 * One Excel export of every row over HTTP from the bench's server child, on a database the bench seeded and
 * kept (`node tests/bench/run.js --scale 1m --only none --reuse`), with the server's memory sampled
 * through the download: RSS, V8's heap (used, total, old and young generation) and the memory outside it
 * (external, array buffers). Prints a line every second and the peak RSS growth the bench reports
 * (VmHWM). For finding what holds memory during an export; the bench itself measures the target.
 */
import { fork } from 'child_process';
import fs from 'fs';
import path from 'path';
import { PASSWORD } from '../helpers/http';
import { PLAYGROUND } from './boot';
import { readStatusKb } from './measure';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const scale = option('scale') ?? '1m';
const name = `bench_${{ '10k': 'quick', '100k': 'full', '1m': '1m' }[scale] ?? scale}`;
if (process.env.DATABASE_CLIENT === 'postgres') {
  process.env.DATABASE_NAME = `groups_${name}${process.env.BENCH_DATABASE_SUFFIX ?? ''}`;
} else {
  const file = path.join('.tmp', `${name}.db`);
  if (!fs.existsSync(path.join(PLAYGROUND, file)))
    throw new Error(`No ${file}: seed it with the bench first.`);
  process.env.DATABASE_FILENAME = file;
}

type Memory = Record<string, number> & { spaces: Record<string, number> };
const MB = (bytes: number | undefined) => ((bytes ?? 0) / 2 ** 20).toFixed(0).padStart(5);

const main = async () => {
  const nodeArgs = option('node-args')?.split(' ').filter(Boolean) ?? [];
  const child = fork(path.join(__dirname, 'server-child.ts'), [], {
    execArgv: ['--expose-gc', ...nodeArgs, '--import', 'tsx'],
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T>(cmd: string, extra: Record<string, unknown> = {}) =>
    new Promise<T>((resolve) => {
      const onMessage = (message: { cmd: string }) => {
        if (message.cmd !== cmd) return;
        child.off('message', onMessage);
        resolve(message as T);
      };
      child.on('message', onMessage);
      if (cmd !== 'ready') child.send({ cmd, ...extra });
    });
  const { port } = await ask<{ port: number }>('ready');
  const base = `http://127.0.0.1:${port}`;
  try {
    const login = await fetch(`${base}/admin/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'owner@bench.test', password: PASSWORD }),
    });
    const token = ((await login.json()) as { data: { token: string } }).data.token;
    await ask('gc');
    const pid = child.pid as number;
    const before = (readStatusKb(pid, 'VmRSS') ?? 0) * 1024;
    const start = await ask<Memory>('mem');
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    console.log(
      `before: rss ${MB(before)} heapUsed ${MB(start.heapUsed)} heapTotal ${MB(start.heapTotal)} external ${MB(start.external)} arrayBuffers ${MB(start.arrayBuffers)}`
    );
    console.log('    s |   rss | heapUsed heapTotal | old   new large | external arrayBuf |  MB read');
    const sampling = args.includes('--sample');
    if (sampling) await ask('sample');
    const started = Date.now();
    let bytes = 0;
    let peak = before;
    const snapshotAt = option('snapshot-at');
    let snapshotTaken = false;
    // A server busy on its thread (a synchronous SQLite read) answers late: its RSS is still read from /proc
    // each second, its heap only once it answers (a line without heap figures meanwhile).
    let asking = false;
    const sampler = setInterval(async () => {
      const seconds = (Date.now() - started) / 1000;
      const rss = (readStatusKb(pid, 'VmRSS') ?? 0) * 1024;
      peak = Math.max(peak, rss);
      const at = `${seconds.toFixed(1).padStart(5)} | ${MB(rss)} |`;
      if (asking) {
        console.log(`${at} (the server is busy)${' '.repeat(30)}| ${MB(bytes)}`);
        return;
      }
      asking = true;
      const m = await ask<Memory>('mem');
      asking = false;
      console.log(
        `${at} ${MB(m.heapUsed)} ${MB(m.heapTotal)}     | ${MB(m.spaces.old_space)} ${MB(m.spaces.new_space)} ${MB(m.spaces.large_object_space)} | ${MB(m.external)}    ${MB(m.arrayBuffers)} | ${MB(bytes)}`
      );
      if (snapshotAt && !snapshotTaken && seconds >= Number(snapshotAt)) {
        snapshotTaken = true;
        const file = path.resolve('.tmp', `export-${Date.now()}.heapsnapshot`);
        console.log(`snapshot: ${(await ask<{ path: string }>('snapshot', { path: file })).path}`);
      }
    }, 1000);
    const res = await fetch(`${base}/groups/reports/export`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!res.ok || !res.body) throw new Error(`export: ${res.status} ${await res.text()}`);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.length;
    clearInterval(sampler);
    if (sampling) {
      const file = path.resolve('.tmp', `export-${Date.now()}.heapprofile`);
      console.log(`heap profile: ${(await ask<{ path: string }>('sampled', { path: file })).path}`);
    }
    const hwm = (readStatusKb(pid, 'VmHWM') ?? 0) * 1024;
    console.log(
      `${(bytes / 2 ** 20).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s; peak RSS growth ${MB(Math.max(peak, hwm) - before)} MB (sampled ${MB(peak - before)} MB)`
    );
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send({ cmd: 'stop' });
    await exited;
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
