import fs from 'fs';
import { errors } from '@strapi/utils';
import ExcelJS from 'exceljs';
import { MEMBER_LIMITS } from '../../../common/contracts/members';
import type { RawCell, RawImportRow } from '../../../common/domain/member-import';

/** An uploaded file as Strapi's body parser (formidable) hands it over. */
export interface UploadedFile {
  filepath: string;
  originalFilename?: string | null;
  mimetype?: string | null;
  size: number;
}

const EMAIL_HEADER = /^e-?mail(\s*address)?$|^e-?mailadres$/i;
const USERNAME_HEADER = /^(user\s*name|username|name|gebruikersnaam|naam)$/i;
/** How far down a header row is looked for (title rows above it are common). */
const HEADER_SEARCH_ROWS = 10;

const cellText = (value: ExcelJS.CellValue): RawCell => {
  if (value === null || value === undefined) return { text: '', isFormula: false };
  if (value instanceof Date) return { text: value.toISOString(), isFormula: false };
  if (typeof value !== 'object') return { text: String(value), isFormula: false };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    return { text: result === undefined || result === null ? '' : String(result), isFormula: true };
  }
  if ('richText' in value)
    return { text: value.richText.map((part) => part.text).join(''), isFormula: false };
  if ('hyperlink' in value) {
    // Excel turns typed addresses into mailto: links; the shown text is the address.
    const text = (value as { text?: unknown }).text;
    return {
      text: typeof text === 'string' ? text : String(value.hyperlink).replace(/^mailto:/i, ''),
      isFormula: false,
    };
  }
  if ('error' in value) return { text: String(value.error), isFormula: false };
  return { text: '', isFormula: false };
};

const rowCells = (row: ExcelJS.Row): RawCell[] => {
  const cells: RawCell[] = [];
  row.eachCell({ includeEmpty: true }, (cell, column) => {
    cells[column - 1] = cellText(cell.value);
  });
  for (let i = 0; i < cells.length; i += 1) cells[i] = cells[i] ?? { text: '', isFormula: false };
  return cells;
};

const EMPTY: RawCell = { text: '', isFormula: false };

/** European spreadsheet programs save CSV with semicolons. */
const guessDelimiter = (filepath: string): string => {
  const head = fs.readFileSync(filepath, { encoding: 'utf8', flag: 'r' }).slice(0, 4096);
  const firstLine = head.split(/\r?\n/)[0] ?? '';
  const count = (ch: string) => firstLine.split(ch).length - 1;
  return count(';') > count(',') ? ';' : count('\t') > count(',') ? '\t' : ',';
};

const isZip = (filepath: string) => {
  const fd = fs.openSync(filepath, 'r');
  try {
    const buffer = Buffer.alloc(4);
    fs.readSync(fd, buffer, 0, 4, 0);
    return buffer[0] === 0x50 && buffer[1] === 0x4b;
  } finally {
    fs.closeSync(fd);
  }
};

const kindOf = (file: UploadedFile): 'xlsx' | 'csv' => {
  const name = (file.originalFilename ?? '').toLowerCase();
  if (name.endsWith('.xlsx')) return 'xlsx';
  if (name.endsWith('.csv') || name.endsWith('.txt')) return 'csv';
  if (file.mimetype?.includes('spreadsheetml')) return 'xlsx';
  if (file.mimetype?.includes('csv')) return 'csv';
  throw new errors.ValidationError('Upload a .xlsx or .csv file.');
};

const loadWorksheet = async (file: UploadedFile): Promise<ExcelJS.Worksheet | undefined> => {
  const workbook = new ExcelJS.Workbook();
  const kind = kindOf(file);
  try {
    if (kind === 'xlsx') {
      if (!isZip(file.filepath)) throw new Error('not a zip');
      await workbook.xlsx.readFile(file.filepath);
      return workbook.worksheets.find((sheet) => sheet.actualRowCount > 0) ?? workbook.worksheets[0];
    }
    return await workbook.csv.readFile(file.filepath, {
      // Keep every cell as the text it is: no numbers, dates or booleans guessed from it.
      map: (datum: string) => datum,
      parserOptions: { delimiter: guessDelimiter(file.filepath), ignoreEmpty: true },
    } as never);
  } catch {
    throw new errors.ValidationError(
      kind === 'xlsx'
        ? 'The file is not a readable .xlsx workbook: save it again from your spreadsheet program.'
        : 'The file is not a readable CSV file: save it as CSV (UTF-8).'
    );
  }
};

/**
 * Reads the member rows of an uploaded .xlsx or .csv file: a header row with an email column (and an
 * optional username column) or, without a header, emails in the first column and usernames in the second.
 */
export const readImportSheet = async (file: UploadedFile): Promise<RawImportRow[]> => {
  if (file.size > MEMBER_LIMITS.importBytes) {
    throw new errors.PayloadTooLargeError(
      `The file is larger than ${MEMBER_LIMITS.importBytes / 1024 / 1024} MB; split it into smaller files.`
    );
  }
  const sheet = await loadWorksheet(file);
  if (!sheet) throw new errors.ValidationError('The file has no worksheet.');

  const rows: Array<{ number: number; cells: RawCell[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    rows.push({ number, cells: rowCells(row) });
  });

  let headerIndex = -1;
  let emailColumn = 0;
  let usernameColumn = -1;
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i += 1) {
    const labels = rows[i].cells.map((cell) => cell.text.replace(/^\uFEFF/, '').trim());
    const email = labels.findIndex((label) => EMAIL_HEADER.test(label));
    if (email >= 0) {
      headerIndex = i;
      emailColumn = email;
      usernameColumn = labels.findIndex((label) => USERNAME_HEADER.test(label));
      break;
    }
  }
  if (headerIndex < 0) {
    const first = rows[0]?.cells[0]?.text ?? '';
    if (!first.includes('@')) {
      throw new errors.ValidationError(
        'The file needs a header row with an "email" column (and optionally a "username" column).'
      );
    }
    usernameColumn = 1;
  }

  const data = rows
    .slice(headerIndex + 1)
    .filter((row) => row.cells.some((cell) => cell.text.trim() !== '' || cell.isFormula));
  if (data.length === 0) throw new errors.ValidationError('The file has no member rows under its header.');
  if (data.length > MEMBER_LIMITS.importRows) {
    throw new errors.ValidationError(
      `The file has ${data.length} rows; import at most ${MEMBER_LIMITS.importRows} rows at a time.`
    );
  }
  return data.map((row) => ({
    row: row.number,
    email: row.cells[emailColumn] ?? EMPTY,
    username: usernameColumn >= 0 ? (row.cells[usernameColumn] ?? EMPTY) : EMPTY,
  }));
};
