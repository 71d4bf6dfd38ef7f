import {
  endOfMonth,
  endOfQuarter,
  endOfWeek,
  endOfYear,
  format,
  startOfMonth,
  startOfQuarter,
  startOfWeek,
  startOfYear,
  subMonths,
  subQuarters,
  subWeeks,
  subYears,
} from 'date-fns';
import { utcToZonedTime } from 'date-fns-tz';

/**
 * The period filters (`from`, `to`) of lists, reports and exports. A bare date is a whole calendar day where
 * the person asking is: the admin panel sends its browser's time zone, so a manager in Amsterdam who picks
 * 22 November gets 22 November from midnight to midnight there, not the UTC day, which starts an hour later.
 */
export const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for an IANA time zone name the runtime knows (`Europe/Amsterdam`, `UTC`). */
export const isTimeZone = (value: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
};

/** The period presets of the filters, each a run of whole days in the manager's time zone. */
export const PERIOD_PRESETS = [
  'today',
  'thisWeek',
  'lastWeek',
  'thisMonth',
  'lastMonth',
  'thisQuarter',
  'lastQuarter',
  'thisYear',
  'lastYear',
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/**
 * The first and last day (`yyyy-MM-dd`) of a preset as it stands at `now` where the manager is: the
 * wall-clock date in `timeZone` decides which week or month "this" is, so a manager in Amsterdam at
 * 00:30 on the 1st gets the new month, not the UTC one. Weeks start on Monday (ISO 8601).
 */
export const presetRange = (
  preset: PeriodPreset,
  now: Date,
  timeZone = 'UTC'
): { from: string; to: string } => {
  // A Date whose local fields are the wall clock in `timeZone`; date-fns then counts days locally.
  const today = utcToZonedTime(now, timeZone);
  const week = { weekStartsOn: 1 as const };
  const ranges: Record<PeriodPreset, () => [Date, Date]> = {
    today: () => [today, today],
    thisWeek: () => [startOfWeek(today, week), endOfWeek(today, week)],
    lastWeek: () => [startOfWeek(subWeeks(today, 1), week), endOfWeek(subWeeks(today, 1), week)],
    thisMonth: () => [startOfMonth(today), endOfMonth(today)],
    lastMonth: () => [startOfMonth(subMonths(today, 1)), endOfMonth(subMonths(today, 1))],
    thisQuarter: () => [startOfQuarter(today), endOfQuarter(today)],
    lastQuarter: () => [startOfQuarter(subQuarters(today, 1)), endOfQuarter(subQuarters(today, 1))],
    thisYear: () => [startOfYear(today), endOfYear(today)],
    lastYear: () => [startOfYear(subYears(today, 1)), endOfYear(subYears(today, 1))],
  };
  const [from, to] = ranges[preset]();
  return { from: format(from, 'yyyy-MM-dd'), to: format(to, 'yyyy-MM-dd') };
};

/** The preset whose days are exactly `from`–`to` at `now`, if any: what the preset select shows. */
export const presetOf = (
  from: string | undefined,
  to: string | undefined,
  now: Date,
  timeZone?: string
): PeriodPreset | undefined =>
  from && to
    ? PERIOD_PRESETS.find((preset) => {
        const range = presetRange(preset, now, timeZone);
        return range.from === from && range.to === to;
      })
    : undefined;
