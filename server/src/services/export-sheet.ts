/**
 * The export's workbook as exceljs writes it: the columns and cells of the Enrollments sheet, the Summary
 * sheet, and the writer's guards (shared styles, carriage returns kept, the compressor's backlog). Nothing
 * here knows Strapi: the export's worker thread (server/src/export-worker.ts) writes the file with it, and
 * the benchmark's baseline writes the same cells.
 */
import type { Writable } from 'stream';
import ExcelJS from 'exceljs';
import { getTimezoneOffset } from 'date-fns-tz';
import { ENROLLMENT_STATES } from '../../../common/domain/enrollment-status';
import { shownState } from '../../../common/domain/enrollment-flags';
import {
  EXPORT_WORDS,
  flagWords,
  type ExportColumnKey,
  type ExportWords,
} from '../../../common/domain/export-words';
import {
  progressToFraction,
  safeCellText,
  secondsToExcelDuration,
} from '../../../common/domain/spreadsheet-safe';
import type { CourseMix, ExportQuery, ReportTotals } from '../../../common/contracts/report';
import type { UserField } from '../../../common/domain/user-fields';
import type { ExportRow } from '../repositories/row-shape';

export const DATE_FORMAT = 'yyyy-mm-dd hh:mm';
/**
 * Exported with `detailValues` so the benchmark's baseline writes exactly these cells. The headers here are
 * English; an export takes them from the requester's language (`columnsIn`).
 */
export const DETAIL_COLUMNS: Array<Partial<ExcelJS.Column> & { key: ExportColumnKey }> = [
  { header: 'Learner', key: 'learner', width: 26 },
  { header: 'Email', key: 'email', width: 32 },
  { header: 'Group', key: 'group', width: 28 },
  { header: 'Course', key: 'course', width: 30 },
  { header: 'Status', key: 'state', width: 12 },
  { header: 'Requested', key: 'requestedAt', width: 17, style: { numFmt: DATE_FORMAT } },
  { header: 'Started', key: 'startedAt', width: 17, style: { numFmt: DATE_FORMAT } },
  { header: 'Progress', key: 'progress', width: 10, style: { numFmt: '0%' } },
  { header: 'Time spent', key: 'timeSpent', width: 12, style: { numFmt: '[h]:mm:ss' } },
  { header: 'Score', key: 'score', width: 8, style: { numFmt: '0.##' } },
  { header: 'Completed', key: 'completedAt', width: 17, style: { numFmt: DATE_FORMAT } },
  { header: 'Attendance', key: 'attendance', width: 12 },
  { header: 'Due date', key: 'dueAt', width: 17, style: { numFmt: DATE_FORMAT } },
  { header: 'Expires', key: 'expiresAt', width: 17, style: { numFmt: DATE_FORMAT } },
  { header: 'Flags', key: 'flags', width: 24 },
  // The group under the ancestors the requester may see: "Leiden hospital › Intensive care › Night shift".
  // Last, so the columns of files made before sub-groups keep their places.
  { header: 'Group path', key: 'groupPath', width: 44 },
];

/** The detail columns with their headers in the export's language. */
export const columnsIn = (words: ExportWords) =>
  DETAIL_COLUMNS.map((column) => ({ ...column, header: words.columns[column.key] }));

/**
 * Excel has no time zones: a date cell is a wall-clock time. The export writes each instant as the wall
 * clock of the requester's zone (the one the filters use) and says which zone that is in the Summary. The
 * zone's offset is looked up once per quarter hour of the timeline (offsets change on quarter hours).
 */
export const wallClock = (timeZone: string) => {
  if (timeZone === 'UTC') return (date: Date | null) => date;
  const offsets = new Map<number, number>();
  return (date: Date | null): Date | null => {
    if (!date) return date;
    const ms = date.getTime();
    const bucket = Math.floor(ms / 900_000);
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      offset = getTimezoneOffset(timeZone, date);
      offsets.set(bucket, offset);
    }
    return new Date(ms + offset);
  };
};
const utc = wallClock('UTC');

export const detailValues = (
  row: ExportRow,
  words: ExportWords = EXPORT_WORDS.en,
  at: (date: Date | null) => Date | null = utc
) => ({
  learner: safeCellText(row.learner.username),
  email: safeCellText(row.learner.email),
  group: safeCellText(row.group.name),
  groupPath: safeCellText(row.group.path),
  course: safeCellText(row.course.title),
  // Past its access window the row reads as expired, as it does on screen (the Flags column says so too).
  state: words.states[shownState(row.state, row.flags)],
  requestedAt: at(row.requestedAt),
  startedAt: at(row.startedAt),
  progress: progressToFraction(row.progress),
  timeSpent: secondsToExcelDuration(row.timeSpent),
  score: row.score,
  completedAt: at(row.completedAt),
  attendance: words.attendance[row.attendance],
  dueAt: at(row.dueAt),
  expiresAt: at(row.expiresAt),
  flags: safeCellText(flagWords(row.flags, words)),
});

/**
 * The site's report user fields as columns after the plugin's own, each typed: numbers, booleans and dates
 * are cells of their kind, text is written as text (a value starting like a formula cannot run).
 */
export const userFieldColumns = (
  fields: readonly UserField[]
): Array<Partial<ExcelJS.Column> & { key: string }> =>
  fields.map((field) => ({
    // The attribute's own name: a column a spreadsheet or a script can find by the site's field name.
    header: field.name,
    key: `user:${field.name}`,
    width: field.kind === 'date' ? 17 : field.kind === 'boolean' || field.kind === 'number' ? 12 : 24,
    ...(field.kind === 'date' ? { style: { numFmt: DATE_FORMAT } } : {}),
  }));

export const userFieldCells = (row: ExportRow, fields: readonly UserField[]) =>
  Object.fromEntries(
    fields.map((field) => {
      const value = row.userFields[field.name] ?? null;
      const cell =
        value === null
          ? null
          : field.kind === 'date'
            ? new Date(value as string)
            : typeof value === 'string'
              ? safeCellText(value)
              : value;
      return [`user:${field.name}`, cell];
    })
  );

/**
 * exceljs gives each cell a copy of its column's style and finds the id of a style object it has not seen
 * before by rendering it to XML: 1.7 million renders for a 100,000-row export, a quarter of its time. A
 * row whose cells carry their column's own style object (and the row one shared empty style) is looked up
 * by identity instead. The styles are equal, so the file is the same. Every value of a row is set (null,
 * never undefined), so the row has a cell in every column and `includeEmpty` creates none.
 */
export const shareColumnStyles = (sheet: ExcelJS.Worksheet) => {
  const styles = sheet.columns.map((column) => column.style ?? {});
  const rowStyle = {} as ExcelJS.Style;
  return (row: ExcelJS.Row) => {
    // The row's style is a plain property of exceljs's Row that its typings leave out.
    (row as unknown as { style: ExcelJS.Style }).style = rowStyle;
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cell.style = styles[column - 1];
    });
  };
};

/** How much sheet XML may wait for compression before the export stops reading rows. */
const ZIP_BACKLOG_LIMIT = 128 * 1024;
interface SheetStream {
  buffers?: Array<{ length: number }>;
  /** archiver's readable-stream PassThrough: no `writableLength` getter, only the state it reads. */
  pipes?: Array<{ writableLength?: number; _writableState?: { length?: number } }>;
}

/** Bytes of sheet XML written but not yet taken by the compressor (exceljs's StreamBuf and its pipe). */
const zipBacklog = (sheet: ExcelJS.Worksheet): number => {
  const stream = (sheet as unknown as { stream?: SheetStream }).stream;
  if (!stream) return 0;
  const buffered = (stream.buffers ?? []).reduce((sum, buffer) => sum + (buffer.length ?? 0), 0);
  const piped = (stream.pipes ?? []).reduce(
    (sum, pipe) => sum + (pipe.writableLength ?? pipe._writableState?.length ?? 0),
    0
  );
  return buffered + piped;
};

/**
 * Cell text written with a raw carriage return reads back as a line feed: XML readers (exceljs, Excel,
 * LibreOffice) turn every raw CR and CRLF into LF before anyone sees the text. exceljs writes text as it is
 * and never writes a CR of its own, so each CR in a sheet's XML is cell text: written as the character
 * reference `&#13;`, which every XML reader returns as a CR, the text reads back as the database holds it.
 * exceljs decodes OOXML's `_x000D_` escape only in shared and rich-text strings, not in the plain string
 * cells a streamed sheet without shared strings writes, so that escape would not round-trip.
 */
export const keepCarriageReturns = (sheet: ExcelJS.Worksheet) => {
  const stream = (sheet as unknown as { stream: { write: (chunk: unknown, ...rest: unknown[]) => unknown } })
    .stream;
  const write = stream.write.bind(stream);
  stream.write = (chunk: unknown, ...rest: unknown[]) =>
    write(typeof chunk === 'string' && chunk.includes('\r') ? chunk.replace(/\r/g, '&#13;') : chunk, ...rest);
};

/**
 * Before the response (readerCaughtUp) there is the zip compressor, which exceljs feeds without ever
 * waiting: rows become XML as fast as the loop runs and queue in archiver's input. Left alone, a
 * 100,000-row export held all 50 MB of its sheet XML (and ~150 MB of promoted garbage) until the last row,
 * and no byte reached the client before then. Waiting here after each chunk lets the compressor take it.
 */
export const zipCaughtUp = async (sheet: ExcelJS.Worksheet) => {
  while (zipBacklog(sheet) > ZIP_BACKLOG_LIMIT) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

/** What the Summary sheet says besides the totals: read by the export service before the first row. */
export interface SummaryFacts {
  query: ExportQuery;
  totals: ReportTotals;
  mix: CourseMix[];
  /** The names of the groups and the titles of the courses the filters name (undefined: no such filter). */
  groupList: string[] | undefined;
  courseList: string[] | undefined;
}

/** Everything the workbook needs before its first row: plain data, so it can be posted to a worker. */
export interface WorkbookSpec {
  language: keyof typeof EXPORT_WORDS;
  timeZone: string;
  generatedAt: Date;
  summary: SummaryFacts;
  userFields: UserField[];
}

const writeSummary = async (
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  { query, totals, mix, groupList, courseList }: SummaryFacts,
  generatedAt: Date,
  words: ExportWords,
  at: (date: Date | null) => Date | null,
  timeZone: string
) => {
  const w = words.summary;
  const sheet = workbook.addWorksheet(words.sheets.summary);
  keepCarriageReturns(sheet);
  // The second column holds the Summary's values (a date among them) and the first state's counts.
  sheet.columns = [
    { key: 'a', width: 34 },
    ...ENROLLMENT_STATES.map((state, i) => ({ key: state, width: i === 0 ? 24 : 14 })),
    { key: 'total', width: 10 },
  ];
  // Rows are styled before commit: a committed row of a streaming sheet is already written out.
  const add = (values: unknown[], decorate?: ((row: ExcelJS.Row) => void) | 'heading') => {
    const row = sheet.addRow(values);
    if (decorate === 'heading') row.font = { bold: true };
    else decorate?.(row);
    row.commit();
  };
  const numFmt = (format: string) => (row: ExcelJS.Row) => {
    row.getCell(2).numFmt = format;
  };
  add([w.title], (row) => {
    row.getCell(1).font = { bold: true, size: 14 };
  });
  add([w.generated, at(generatedAt)], numFmt(DATE_FORMAT));
  add([w.timeZone, timeZone]);
  add([]);
  add([w.filters], 'heading');
  const list = (values: string[] | undefined, none: string) =>
    values?.length ? safeCellText(values.join(', ')) : none;
  const groupsNamed = list(groupList, w.allGroups);
  add([w.groups, groupList?.length && query.subGroups ? `${groupsNamed} (${w.withSubGroups})` : groupsNamed]);
  add([w.courses, list(courseList, w.allCourses)]);
  add([
    w.statuses,
    list(
      query.state?.map((state) => words.states[state]),
      w.allStatuses
    ),
  ]);
  add([
    w.period,
    query.from || query.to
      ? `${words.periodFields[query.periodField]} ${query.from ? `${w.from} ${query.from}` : ''}${query.from && query.to ? ' ' : ''}${query.to ? `${w.to} ${query.to}` : ''} (${query.timeZone ?? 'UTC'})`
      : w.anyTime,
  ]);
  add([w.search, query.search ? safeCellText(query.search) : '—']);
  add([
    w.flags,
    list(
      query.flag?.map((flag) => words.flags[flag]),
      w.anyFlag
    ),
  ]);
  add([]);
  add([w.totals], 'heading');
  add([w.enrollments, totals.total]);
  add([w.notStarted, totals.notStarted]);
  add([w.inProgress, totals.inProgress]);
  add([w.completed, totals.completed]);
  add([w.noPlace, totals.total - totals.notStarted - totals.inProgress - totals.completed]);
  for (const flag of ['fallingBehind', 'overdue', 'atRisk', 'notStarted', 'dueSoon', 'expired'] as const) {
    add([words.flags[flag], totals.flags[flag]]);
  }
  add([w.averageProgress, progressToFraction(totals.averageProgress)], numFmt('0%'));
  add([w.averageScore, totals.averageScore], numFmt('0.##'));
  add([]);
  add([w.mix], 'heading');
  add([w.course, ...ENROLLMENT_STATES.map((state) => words.states[state]), w.total], 'heading');
  for (const entry of mix) {
    add([safeCellText(entry.course.title), ...ENROLLMENT_STATES.map((s) => entry.counts[s]), entry.total]);
  }
  await sheet.commit();
};

/**
 * Opens the workbook on `output` and writes its Summary sheet and the Enrollments sheet's header; `rows`
 * then writes rows (returning once the compressor has caught up) until `finish` writes the rest of the file
 * and ends `output`.
 */
export const openWorkbook = async (output: Writable, spec: WorkbookSpec) => {
  const words = EXPORT_WORDS[spec.language];
  const at = wallClock(spec.timeZone);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'strapi-plugin-groups';
  workbook.created = spec.generatedAt;
  await writeSummary(workbook, spec.summary, spec.generatedAt, words, at, spec.timeZone);
  const sheet = workbook.addWorksheet(words.sheets.enrollments, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  keepCarriageReturns(sheet);
  const fields = spec.userFields;
  const columns = [...columnsIn(words), ...userFieldColumns(fields)];
  sheet.columns = columns;
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  const shareStyles = shareColumnStyles(sheet);
  return {
    /** One row of the Enrollments sheet, written at once. */
    add(row: ExportRow) {
      const added = sheet.addRow({ ...detailValues(row, words, at), ...userFieldCells(row, fields) });
      shareStyles(added);
      added.commit();
    },
    /** Resolves once the compressor has taken what was written (see `zipCaughtUp`). */
    caughtUp: () => zipCaughtUp(sheet),
    async finish(count: number) {
      sheet.autoFilter = {
        from: { row: 1, column: 1 },
        to: { row: Math.max(1, count + 1), column: columns.length },
      };
      await sheet.commit();
      await workbook.commit();
    },
  };
};
