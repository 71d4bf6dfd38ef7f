/**
 * The growth curve: `npm run bench -- --curve` runs the bench at each scale (a child process each, a fresh
 * database each), then prints every measurement's time at every scale and its factor from 100k to 1M (or
 * between the two largest scales that ran). What a manager pays should depend on their groups, not the site.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { fmtMs } from './measure';
import type { Result } from './scenarios';
import { ROOT } from './boot';

export const resultsFile = (client: string, scale: string) =>
  path.join(ROOT, '.tmp', `bench-results-${client}-${scale}.json`);

/**
 * Without what names the volumes ("(5382 rows in scope)", "100000 enrollments", "the 5000-enrollment group"),
 * so one measurement matches across scales; page sizes and the persona ("manager50") stay.
 */
const keyOf = (result: Result) =>
  `${result.group}: ${result.name.replace(/ \(\d+ rows in scope\)/g, '').replace(/\b\d{4,}\b/g, '#')}`;

/** Runs the bench at each scale, passing on every option but the curve's own. */
export const runCurve = (scales: string[], args: string[]) => {
  const own = new Set(['--curve', '--printed']);
  const passed = args.filter((arg, i) => !own.has(arg) && args[i - 1] !== '--scales' && arg !== '--scales');
  for (const scale of scales) {
    console.log(`\n[bench] --curve: scale ${scale}`);
    spawnSync(process.execPath, [path.join(__dirname, 'run.js'), ...passed, '--scale', scale], {
      stdio: 'inherit',
      cwd: ROOT,
    });
  }
};

export const printCurve = (client: string, scales: string[]) => {
  const runs = scales
    .map((scale) => ({ scale, file: resultsFile(client, scale) }))
    .filter(({ file }) => fs.existsSync(file))
    .map(({ scale, file }) => ({
      scale,
      ...(JSON.parse(fs.readFileSync(file, 'utf8')) as {
        date: string;
        loadAverage: number[];
        seedSeconds: number | null;
        results: Result[];
      }),
    }));
  if (runs.length === 0) {
    console.log(`[bench] no results for ${client} at ${scales.join(', ')}`);
    return;
  }
  const from = runs.find((r) => r.scale === '100k') ?? runs[Math.max(0, runs.length - 2)];
  const to = runs.find((r) => r.scale === '1m') ?? runs[runs.length - 1];
  const keys = [...new Set(runs.flatMap((r) => r.results.filter((x) => x.subjectMs).map(keyOf)))];
  const cell = (run: (typeof runs)[number], key: string) => {
    const found = run.results.find((x) => keyOf(x) === key);
    if (!found?.subjectMs) return '';
    return found.group === 'bounded' ? `${fmtMs(found.subjectMs)} (${found.value})` : fmtMs(found.subjectMs);
  };
  const factor = (key: string) => {
    const a = from.results.find((x) => keyOf(x) === key)?.subjectMs;
    const b = to.results.find((x) => keyOf(x) === key)?.subjectMs;
    return a && b && from !== to ? `${(b / a).toFixed(2)}×` : '';
  };
  const growth = from !== to;
  const header = [
    'measurement',
    ...runs.map((r) => r.scale),
    ...(growth ? [`${from.scale}→${to.scale}`] : []),
  ];
  const rows = keys.map((key) => [
    key,
    ...runs.map((run) => cell(run, key)),
    ...(growth ? [factor(key)] : []),
  ]);
  console.log(`\nGrowth curve, ${client} (target: ≤ 1.3× from 100k to 1m)\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  rows.forEach((row) => console.log(`| ${row.join(' | ')} |`));
  for (const run of runs) {
    console.log(
      `  ${run.scale}: ${run.date}, load average ${run.loadAverage.join(', ')}, seeded in ${run.seedSeconds ?? '(reused)'} s`
    );
  }
};
