/**
 * Every workspace response has a size bound independent of the site: the Overview (a page of groups), the
 * report (a page of rows and the top courses of the mix) and the filters' lookups. Timed as the Super Admin,
 * whose scope is the whole site, and the Overview also as the manager of 50 groups; bytes and median time
 * are printed at every scale, so `--curve` shows both flat from 100k to 1M.
 */
import { median, timeOnce } from './measure';
import { countQueries, type Bench, type Result } from './scenarios';

const ROUTES: Array<[string, 'superAdmin' | 'manager50', string]> = [
  ['Overview, first page (10 groups)', 'superAdmin', '/groups/workspace/overview'],
  ['Overview, largest page (100 groups)', 'superAdmin', '/groups/workspace/overview?pageSize=100'],
  ['Overview searched by name', 'superAdmin', '/groups/workspace/overview?search=Group%2012'],
  ['Overview, manager of 50 groups (page of 10)', 'manager50', '/groups/workspace/overview'],
  ['Report of every group, 20 rows and the mix', 'superAdmin', '/groups/reports?pageSize=20'],
  // The first requests of the Reports and Enrollments pages as they send them (their default sorts).
  ['Reports page opened, 25 rows by learner', 'superAdmin', '/groups/reports?pageSize=25&sort=learner:asc'],
  ['Enrollments page opened, 25 rows by request date', 'superAdmin', '/groups/enrollments?pageSize=25'],
  ['Group filter lookup', 'superAdmin', '/groups/lookup/groups?search=Group%201'],
  ['Course filter lookup', 'superAdmin', '/groups/lookup/courses?search=Course%201'],
];

export const boundedResponses = async (bench: Bench): Promise<Result[]> => {
  const results: Result[] = [];
  for (const [name, persona, url] of ROUTES) {
    const token = persona === 'superAdmin' ? bench.personas.superAdmin : bench.personas[persona].token;
    let bytes = 0;
    const call = async () => {
      const res = await fetch(bench.base + url, { headers: { Authorization: `Bearer ${token}` } });
      const body = await res.arrayBuffer();
      if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${Buffer.from(body).toString().slice(0, 200)}`);
      bytes = body.byteLength;
    };
    for (let i = 0; i < bench.warmup; i++) await call();
    const runs: number[] = [];
    for (let i = 0; i < bench.runs; i++) runs.push(await timeOnce(call));
    // One more call with its statements and their durations: which of them grows with the site.
    const sql = await countQueries(bench, call);
    results.push({
      group: 'bounded',
      name: `${name}: ${persona === 'superAdmin' ? 'Super Admin' : 'manager of 50'}`,
      subjectMs: Math.round(median(runs) * 10) / 10,
      value: `${(bytes / 1024).toFixed(1)} KiB`,
      target: 'bounded size',
      status: 'INFO',
      details: { bytes, url, runs: runs.map((v) => Math.round(v * 10) / 10), sql },
    });
  }
  return results;
};
