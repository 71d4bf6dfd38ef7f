/**
 * An enrollment row as the database returns it, shaped for the API or the export. Nothing here knows Strapi:
 * the enrollment rows repository (repositories/enrollment-rows.ts) and the export's worker thread
 * (server/src/export-worker.ts, which reads the rows on a connection of its own) shape rows with the same code.
 */
import type { Attendance, EnrollmentState } from '../../../common/domain/enrollment-status';
import { enrollmentFlags, setFlags, type FlagThresholds } from '../../../common/domain/enrollment-flags';
import { userFieldValue, type UserField } from '../../../common/domain/user-fields';
import type { EnrollmentRow } from '../../../common/contracts/report';
import type { CourseVersion } from './courses';

/** The rows the report and the list select, before they are shaped for the API. */
export interface RawRow {
  id: number;
  document_id: string;
  state: EnrollmentState;
  attendance: Attendance | null;
  progress: number | string | null;
  score: number | string | null;
  time_spent: number | string | null;
  requested_at: unknown;
  decided_at: unknown;
  started_at: unknown;
  completed_at: unknown;
  due_at: unknown;
  expires_at: unknown;
  reason: string | null;
  group_id: number;
  group_document_id: string;
  group_name: string;
  /** The group's parent group id; null for a top-level group (whose path is its name). */
  group_parent_id: number | string | null;
  learner_document_id: string | null;
  learner_username: string | null;
  learner_email: string | null;
  course_document_id: string | null;
  /** The report user fields, `uf_0`, `uf_1`, … in the order of `reportUserFields`. */
  [userField: `uf_${number}`]: unknown;
}

type DateField = 'requestedAt' | 'decidedAt' | 'startedAt' | 'completedAt' | 'dueAt' | 'expiresAt';

/** A report row with its datetimes as Date objects: what the export writes into date cells. */
export type ExportRow = Omit<EnrollmentRow, DateField> & Record<DateField, Date | null>;

/** Group id → the group's path as the caller may read it, filled as rows are read. */
export type Paths = Map<number, string>;

/** What shaping a row needs besides the row: the read's instant, where the caller may act, the user fields. */
export interface RowContext {
  now: Date;
  /** Groups where the caller may act on enrollments (null: all). */
  manageable: number[] | null;
  userFields: UserField[];
}

export const numberOrNull = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

/** A datetime as the driver returns it (a Date on PostgreSQL, epoch milliseconds on SQLite). */
export const toDate = (value: unknown): Date | null => {
  if (value === null || value === undefined || value === '') return null;
  let date: Date;
  if (value instanceof Date) date = value;
  else if (typeof value === 'number') date = new Date(value);
  else if (typeof value === 'string' && /^\d+$/.test(value)) date = new Date(Number(value));
  else date = new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date;
};

export const toIso = (value: unknown): string | null => toDate(value)?.toISOString() ?? null;

/** The course document ids the rows name that `known` has no version of yet. */
export const missingCourses = (
  raw: ReadonlyArray<{ course_document_id: string | null }>,
  known: ReadonlyMap<string, unknown>
): string[] => [
  ...new Set(
    raw.map((row) => row.course_document_id).filter((id): id is string => Boolean(id) && !known.has(id!))
  ),
];

/**
 * The groups of the rows whose path is not in `paths` yet and needs the tree (id → name); a top-level
 * group's path is its name, set in `paths` here.
 */
export const missingPaths = (raw: RawRow[], paths: Paths): Map<number, string> => {
  const missing = new Map<number, string>();
  for (const row of raw) {
    const id = Number(row.group_id);
    if (paths.has(id)) continue;
    if (row.group_parent_id === null || row.group_parent_id === undefined) paths.set(id, row.group_name);
    else missing.set(id, row.group_name);
  }
  return missing;
};

/** A row with its datetimes made by `date`: ISO strings for the API, Date objects for the export. */
export const rowOf = <D>(
  raw: RawRow,
  versions: ReadonlyMap<string, CourseVersion>,
  read: RowContext,
  date: (value: unknown) => D,
  paths: Paths,
  limits: FlagThresholds
) => {
  const course = raw.course_document_id ? versions.get(raw.course_document_id) : undefined;
  const flags = enrollmentFlags(
    {
      state: raw.state,
      decidedAt: toDate(raw.decided_at),
      startedAt: toDate(raw.started_at),
      progress: numberOrNull(raw.progress),
      dueAt: toDate(raw.due_at),
      expiresAt: toDate(raw.expires_at),
    },
    read.now,
    limits
  );
  const manageable = read.manageable;
  return {
    documentId: raw.document_id,
    learner: {
      documentId: raw.learner_document_id ?? null,
      username: raw.learner_username ?? null,
      email: raw.learner_email ?? null,
    },
    group: {
      documentId: raw.group_document_id,
      name: raw.group_name,
      path: paths.get(Number(raw.group_id)) ?? raw.group_name,
    },
    course: {
      documentId: raw.course_document_id ?? null,
      title: course?.title ?? null,
      draft: course?.draft ?? false,
    },
    state: raw.state,
    attendance: raw.attendance ?? 'unknown',
    progress: numberOrNull(raw.progress),
    score: numberOrNull(raw.score),
    timeSpent: numberOrNull(raw.time_spent),
    requestedAt: date(raw.requested_at),
    decidedAt: date(raw.decided_at),
    startedAt: date(raw.started_at),
    completedAt: date(raw.completed_at),
    dueAt: date(raw.due_at),
    expiresAt: date(raw.expires_at),
    flags: setFlags(flags),
    reason: raw.reason ?? null,
    canManage: manageable === null || manageable.includes(Number(raw.group_id)),
    userFields: Object.fromEntries(
      read.userFields.map((field, i) => [field.name, userFieldValue(field.kind, raw[`uf_${i}`])])
    ),
  };
};
