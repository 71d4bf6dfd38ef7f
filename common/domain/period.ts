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
