import { errors } from '@strapi/utils';
import { zonedTimeToUtc } from 'date-fns-tz';
import { BARE_DATE } from '../../../common/domain/period';

/**
 * The instant a period starts (`end` false) or ends (`end` true). A bare date is the first or last
 * millisecond of that day in `timeZone` (UTC when none is given); a date-time is taken as it is. A value
 * the contract let through but no instant answers is a 400, never an invalid Date bound into SQL.
 */
export const periodBound = (value: string, end: boolean, timeZone = 'UTC'): Date => {
  const bound = BARE_DATE.test(value)
    ? zonedTimeToUtc(`${value}T${end ? '23:59:59.999' : '00:00:00.000'}`, timeZone)
    : new Date(value);
  if (Number.isNaN(bound.getTime())) {
    throw new errors.ValidationError(`"${value}" is not a date this report can read in ${timeZone}.`);
  }
  return bound;
};
