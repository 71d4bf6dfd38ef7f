/**
 * `node --import tsx tests/bench/export-concurrency.ts [--exports 20] [--running 3] [--waiting 10]`
 *
 * N managers' exports sent at once to one node (the playground's Strapi in this process, on a fresh
 * database with the API tests' small scope fixture), with `exportConcurrency` as given: prints how many
 * got a file and how many a 429, the most exports that ran at once (the plugin's own count), and the
 * process's peak RSS growth (the worker threads live in this process). What a bound of `running` saves is
 * the worker threads' memory (each a V8 heap of its own with exceljs loaded); with this small data it is
 * that base cost, not the rows. Run with `--running 50 --waiting 0` for "no bound" at 20 exports.
 *
 * Measured on the 2-core machine (SQLite, load average 2–4, one run each), 20 exports at once:
 * no bound (running 50): 20 files, 20 running at once, peak RSS +581 MB, all answered in 14.3 s;
 * running 3, waiting 10: 13 files, 7 × 429, 3 at once, +109 MB, 8.6 s;
 * running 3, waiting 5: 8 files, 12 × 429, 3 at once, +98 MB, 5.3 s.
 */
import type { AddressInfo } from 'net';
import { buildScopeFixture } from '../helpers/scope-fixture';
import { bootStrapi } from '../helpers/strapi';
import { readStatusKb } from './measure';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const exportsAtOnce = option('exports', 20);
const running = option('running', 3);
const waiting = option('waiting', 10);

const main = async () => {
  const app = await bootStrapi({
    pluginConfig: {
      courseContentType: 'api::course.course',
      emailDelivery: { workerIntervalMs: 0 },
      exportConcurrency: { running, waiting, waitSeconds: 120 },
    },
  });
  try {
    const fx = await buildScopeFixture(app.strapi);
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const service = app.strapi.plugin('groups').service('report-export') as {
      load: () => { running: number; waiting: number };
    };
    const exportOnce = async () => {
      const res = await fetch(`${base}/groups/reports/export?group=${fx.groups.A.documentId}`, {
        headers: { Authorization: `Bearer ${fx.tokens.managerA}` },
      });
      await res.arrayBuffer();
      return res.status;
    };
    // One export first, so that what is loaded once per process (exceljs on the server side) is not counted.
    await exportOnce();
    global.gc?.();
    const before = readStatusKb('self', 'VmRSS') ?? 0;
    let peakRss = before;
    let peakRunning = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, readStatusKb('self', 'VmRSS') ?? 0);
      peakRunning = Math.max(peakRunning, service.load().running);
    }, 5);
    const started = performance.now();
    const statuses = await Promise.all(Array.from({ length: exportsAtOnce }, exportOnce));
    const ms = performance.now() - started;
    clearInterval(sampler);
    const count = (status: number) => statuses.filter((s) => s === status).length;
    console.log(
      `exports ${exportsAtOnce} at once, running ${running}, waiting ${waiting}: ${count(200)} files, ` +
        `${count(429)} × 429, other ${statuses.length - count(200) - count(429)}; most running at once ` +
        `${peakRunning}; peak RSS growth ${((peakRss - before) / 1024).toFixed(0)} MB; all answered in ${ms.toFixed(0)} ms`
    );
  } finally {
    await app.stop();
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
