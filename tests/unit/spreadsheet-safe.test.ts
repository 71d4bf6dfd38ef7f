import ExcelJS from 'exceljs';
import {
  progressToFraction,
  safeCellText,
  secondsToExcelDuration,
  startsLikeFormula,
} from '../../common/domain/spreadsheet-safe';
import { completionRate, progressBucket } from '../../common/domain/report';

describe('spreadsheet-safe text', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+31 6 1234', "'+31 6 1234"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'],
  ])('neutralises %j', (input, expected) => {
    expect(startsLikeFormula(input)).toBe(true);
    expect(safeCellText(input)).toBe(expected);
  });

  it.each(['Anna', 'a=b', ' =1', '', "'quoted", '1+1', 'anna@example.test'])('keeps %j as it is', (input) => {
    expect(startsLikeFormula(input)).toBe(false);
    expect(safeCellText(input)).toBe(input);
  });

  it('writes null and undefined as empty text', () => {
    expect(safeCellText(null)).toBe('');
    expect(safeCellText(undefined)).toBe('');
  });

  it('produces cells that exceljs stores as text, never as formulas', async () => {
    const inputs = ['=1+1', '+1', '-1', '@A1', '\t=1', '\r=1', 'plain'];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('t');
    inputs.forEach((input) => sheet.addRow([safeCellText(input)]));
    const buffer = await workbook.xlsx.writeBuffer();
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(buffer as ArrayBuffer);
    const cells = read.getWorksheet('t')!.getColumn(1).values.slice(1);
    expect(cells).toHaveLength(inputs.length);
    read.getWorksheet('t')!.eachRow((row) => {
      expect(row.getCell(1).type).toBe(ExcelJS.ValueType.String);
      expect(row.getCell(1).formula).toBeUndefined();
    });
  });
});

describe('spreadsheet number conversions', () => {
  it('turns seconds into a fraction of a day and progress into a fraction', () => {
    expect(secondsToExcelDuration(86_400)).toBe(1);
    expect(secondsToExcelDuration(5400)).toBeCloseTo(0.0625);
    expect(secondsToExcelDuration(null)).toBeNull();
    expect(progressToFraction(45)).toBe(0.45);
    expect(progressToFraction(undefined)).toBeNull();
  });
});

describe('report maths', () => {
  it.each([
    ['completed', 100, null, 'completed'],
    ['approved', 0, null, 'notStarted'],
    ['approved', 10, null, 'inProgress'],
    ['approved', 0, '2026-11-01T00:00:00.000Z', 'inProgress'],
    ['requested', 0, null, null],
    ['cancelled', 40, '2026-11-01T00:00:00.000Z', null],
  ] as const)('%s with progress %s, started %s -> %s', (state, progress, startedAt, bucket) => {
    expect(progressBucket({ state, progress, startedAt })).toBe(bucket);
  });

  it('rates completion over everyone who got a seat', () => {
    expect(completionRate(1, 3)).toBe(0.25);
    expect(completionRate(0, 0)).toBeNull();
    expect(completionRate(2, 0)).toBe(1);
  });
});
