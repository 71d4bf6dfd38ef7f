/**
 * The words of the Excel export in each language the workspace speaks: sheet names, column headers, the
 * values of the status, attendance and flag columns, and the Summary's labels. The export follows the
 * requester's admin language; values are the same words the workspace shows (admin/src/translations).
 */
import type { Attendance } from './enrollment-status';
import type { EnrollmentFlag, FlagFilterName, ShownState } from './enrollment-flags';

export const EXPORT_LANGUAGES = ['en', 'nl'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];

export type ExportColumnKey =
  | 'learner'
  | 'email'
  | 'group'
  | 'course'
  | 'state'
  | 'requestedAt'
  | 'startedAt'
  | 'progress'
  | 'timeSpent'
  | 'score'
  | 'completedAt'
  | 'attendance'
  | 'dueAt'
  | 'expiresAt'
  | 'flags'
  | 'groupPath';

export interface ExportWords {
  sheets: { summary: string; enrollments: string };
  columns: Record<ExportColumnKey, string>;
  /** The Status column: the state, or Expired past the access window (shownState). */
  states: Record<ShownState, string>;
  attendance: Record<Attendance, string>;
  flags: Record<FlagFilterName, string>;
  periodFields: Record<'requested' | 'started' | 'completed', string>;
  summary: {
    title: string;
    generated: string;
    timeZone: string;
    filters: string;
    groups: string;
    allGroups: string;
    /** After the chosen groups' names when the filter takes their sub-groups too. */
    withSubGroups: string;
    courses: string;
    allCourses: string;
    statuses: string;
    allStatuses: string;
    period: string;
    anyTime: string;
    from: string;
    to: string;
    search: string;
    flags: string;
    anyFlag: string;
    totals: string;
    enrollments: string;
    notStarted: string;
    inProgress: string;
    completed: string;
    /** Enrollments in none of the three progress buckets: requested, waitlisted, rejected or cancelled. */
    noPlace: string;
    averageProgress: string;
    averageScore: string;
    mix: string;
    course: string;
    total: string;
    fileName: string;
    allGroupsFile: string;
  };
}

export const EXPORT_WORDS: Record<ExportLanguage, ExportWords> = {
  en: {
    sheets: { summary: 'Summary', enrollments: 'Enrollments' },
    columns: {
      learner: 'Learner',
      email: 'Email',
      group: 'Group',
      course: 'Course',
      state: 'Status',
      requestedAt: 'Requested',
      startedAt: 'Started',
      progress: 'Progress',
      timeSpent: 'Time spent',
      score: 'Score',
      completedAt: 'Completed',
      attendance: 'Attendance',
      dueAt: 'Due date',
      expiresAt: 'Expires',
      flags: 'Flags',
      groupPath: 'Group path',
    },
    states: {
      requested: 'Requested',
      waitlisted: 'Waitlisted',
      approved: 'Approved',
      rejected: 'Rejected',
      cancelled: 'Cancelled',
      completed: 'Completed',
      expired: 'Expired',
    },
    attendance: { unknown: 'Not marked', present: 'Present', absent: 'Absent' },
    flags: {
      overdue: 'Overdue',
      dueSoon: 'Due this week',
      atRisk: 'At risk',
      notStarted: 'No activity',
      expired: 'Expired',
      fallingBehind: 'Falling behind',
    },
    periodFields: { requested: 'Requested', started: 'Started', completed: 'Completed' },
    summary: {
      title: 'Groups report',
      generated: 'Generated',
      timeZone: 'Times are in',
      filters: 'Filters',
      groups: 'Groups',
      allGroups: 'All groups in your scope',
      withSubGroups: 'with their sub-groups',
      courses: 'Courses',
      allCourses: 'All courses',
      statuses: 'Statuses',
      allStatuses: 'All statuses',
      period: 'Period',
      anyTime: 'Any time',
      from: 'from',
      to: 'to',
      search: 'Search',
      flags: 'Flags',
      anyFlag: 'Any',
      totals: 'Totals',
      enrollments: 'Enrollments',
      notStarted: 'Not started',
      inProgress: 'In progress',
      completed: 'Completed',
      noPlace: 'Without a place (requested, waitlisted, rejected, cancelled)',
      averageProgress: 'Average progress',
      averageScore: 'Average score',
      mix: 'Status mix per course',
      course: 'Course',
      total: 'Total',
      fileName: 'groups-report',
      allGroupsFile: 'all-groups',
    },
  },
  nl: {
    sheets: { summary: 'Samenvatting', enrollments: 'Inschrijvingen' },
    columns: {
      learner: 'Deelnemer',
      email: 'E-mail',
      group: 'Groep',
      course: 'Cursus',
      state: 'Status',
      requestedAt: 'Aangevraagd',
      startedAt: 'Gestart',
      progress: 'Voortgang',
      timeSpent: 'Bestede tijd',
      score: 'Score',
      completedAt: 'Afgerond',
      attendance: 'Aanwezigheid',
      dueAt: 'Deadline',
      expiresAt: 'Verloopt',
      flags: 'Signalen',
      groupPath: 'Groepspad',
    },
    states: {
      requested: 'Aangevraagd',
      waitlisted: 'Wachtlijst',
      approved: 'Goedgekeurd',
      rejected: 'Afgewezen',
      cancelled: 'Geannuleerd',
      completed: 'Afgerond',
      expired: 'Verlopen',
    },
    attendance: { unknown: 'Niet ingevuld', present: 'Aanwezig', absent: 'Afwezig' },
    flags: {
      overdue: 'Te laat',
      dueSoon: 'Deze week af',
      atRisk: 'Loopt achter',
      notStarted: 'Geen activiteit',
      expired: 'Verlopen',
      fallingBehind: 'Loopt achter (alle)',
    },
    periodFields: { requested: 'Aangevraagd', started: 'Gestart', completed: 'Afgerond' },
    summary: {
      title: 'Groepsrapport',
      generated: 'Gemaakt op',
      timeZone: 'Tijden in',
      filters: 'Filters',
      groups: 'Groepen',
      allGroups: 'Alle groepen die je beheert',
      withSubGroups: 'met hun subgroepen',
      courses: 'Cursussen',
      allCourses: 'Alle cursussen',
      statuses: 'Statussen',
      allStatuses: 'Alle statussen',
      period: 'Periode',
      anyTime: 'Altijd',
      from: 'vanaf',
      to: 'tot en met',
      search: 'Zoeken',
      flags: 'Signalen',
      anyFlag: 'Alle',
      totals: 'Totalen',
      enrollments: 'Inschrijvingen',
      notStarted: 'Niet begonnen',
      inProgress: 'Bezig',
      completed: 'Afgerond',
      noPlace: 'Zonder plaats (aangevraagd, wachtlijst, afgewezen, geannuleerd)',
      averageProgress: 'Gemiddelde voortgang',
      averageScore: 'Gemiddelde score',
      mix: 'Statusverdeling per cursus',
      course: 'Cursus',
      total: 'Totaal',
      fileName: 'groepsrapport',
      allGroupsFile: 'alle-groepen',
    },
  },
};

/** The flags of a row in the export's language, in the order of ENROLLMENT_FLAGS. */
export const flagWords = (flags: readonly EnrollmentFlag[], words: ExportWords): string =>
  flags.map((flag) => words.flags[flag]).join(', ');

/** A file name part from a group's name: lower-case ASCII letters, digits and dashes. */
export const fileNamePart = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'group';
