/**
 * The export's streamed sheets read back as written: exceljs's streaming writer with the export's settings
 * (no shared strings), every text through safeCellText, and keepCarriageReturns on the sheet.
 */
import { PassThrough } from 'stream';
import ExcelJS from 'exceljs';
import { safeCellText } from '../../common/domain/spreadsheet-safe';
import { keepCarriageReturns } from '../../server/src/services/export-sheet';

const roundTrip = async (texts: string[], keep: boolean) => {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => stream.on('end', resolve));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('Enrollments');
  if (keep) keepCarriageReturns(sheet);
  for (const text of texts) sheet.addRow([safeCellText(text), text.length]).commit();
  await sheet.commit();
  await workbook.commit();
  await done;
  const read = new ExcelJS.Workbook();
  await read.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const cells: ExcelJS.Cell[] = [];
  read.getWorksheet('Enrollments')!.eachRow((row) => cells.push(row.getCell(1)));
  return cells;
};

const TEXTS = [
  '\rstarts with a carriage return',
  'a line\r\nand the next',
  'a lone\rcarriage return inside',
  '\r\n=1+1',
  '=HYPERLINK("http://evil","x")',
  '\t=1',
  'ends with one\r',
  'plain',
  '_x000D_ written out',
  'tabs\tand\nline feeds',
];

describe('export round trip', () => {
  it('reads every text back exactly as the neutralised text written', async () => {
    const cells = await roundTrip(TEXTS, true);
    expect(cells.map((cell) => cell.value)).toEqual(TEXTS.map((text) => safeCellText(text)));
    for (const cell of cells) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
  });

  it('needs it: a raw carriage return comes back as a line feed', async () => {
    const [cell] = await roundTrip(['\rcmd'], false);
    expect(cell.value).toBe("'\ncmd");
  });
});
