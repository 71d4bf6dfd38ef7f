/**
 * Timing and memory helpers for the benchmark. Every measurement is a ratio against a baseline timed in
 * the same run, alternating the two so that load from other work on a shared machine hits both alike.
 */
import fs from 'fs';

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const timeOnce = async (fn: () => Promise<unknown>): Promise<number> => {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

export interface Pair {
  subjectMs: number;
  baselineMs: number;
  ratio: number;
  subjectRuns: number[];
  baselineRuns: number[];
}

/** Warms both up, then alternates subject and baseline `runs` times; medians and their ratio. */
export const comparePair = async (
  subject: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  { runs, warmup }: { runs: number; warmup: number }
): Promise<Pair> => {
  for (let i = 0; i < warmup; i++) {
    await subject();
    await baseline();
  }
  const subjectRuns: number[] = [];
  const baselineRuns: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate the order too, so neither always runs right after the other's garbage.
    if (i % 2) {
      baselineRuns.push(await timeOnce(baseline));
      subjectRuns.push(await timeOnce(subject));
    } else {
      subjectRuns.push(await timeOnce(subject));
      baselineRuns.push(await timeOnce(baseline));
    }
  }
  const subjectMs = median(subjectRuns);
  const baselineMs = median(baselineRuns);
  return { subjectMs, baselineMs, ratio: subjectMs / baselineMs, subjectRuns, baselineRuns };
};

export const readStatusKb = (pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number | null => {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = status.match(new RegExp(`${field}:\\s+(\\d+) kB`));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
};

/**
 * Peak RSS growth of a process (another one, by pid) while `fn` runs, in MB. Linux keeps the true peak
 * (VmHWM), which /proc/<pid>/clear_refs resets, so moments a sampler would miss still count; a 5 ms
 * sampler of the current RSS backs it up.
 */
export const peakRssGrowthMb = async (fn: () => Promise<unknown>, pid: number): Promise<number> => {
  let hwmReset = false;
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    hwmReset = true;
  } catch {
    hwmReset = false;
  }
  const rss = () => (readStatusKb(pid, 'VmRSS') ?? 0) * 1024;
  const before = rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rss());
  }, 5);
  try {
    await fn();
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, rss());
  const hwmKb = hwmReset ? readStatusKb(pid, 'VmHWM') : null;
  if (hwmKb !== null) peak = Math.max(peak, hwmKb * 1024);
  return (peak - before) / 1024 / 1024;
};

export const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
