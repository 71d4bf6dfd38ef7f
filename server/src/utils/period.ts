import { zonedTimeToUtc } from 'date-fns-tz';
import { BARE_DATE } from '../../../common/domain/period';

/**
 * The instant a period starts (`end` false) or ends (`end` true). A bare date is the first or last
 * millisecond of that day in `timeZone` (UTC when none is given); a date-time is taken as it is.
 */
export const periodBound = (value: string, end: boolean, timeZone = 'UTC'): Date => {
  if (!BARE_DATE.test(value)) return new Date(value);
  return zonedTimeToUtc(`${value}T${end ? '23:59:59.999' : '00:00:00.000'}`, timeZone);
};
