/**
 * Spreadsheet cells that start with `=`, `+`, `-`, `@`, a tab or a carriage return can run as formulas
 * once a file is opened, saved as CSV or pasted elsewhere (OWASP "CSV injection"). Every text cell of an
 * export goes through `safeCellText`: such text gets a leading apostrophe, which spreadsheet programs show
 * as the start of plain text and never evaluate.
 */
const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

export const startsLikeFormula = (text: string): boolean =>
  text.length > 0 && FORMULA_TRIGGERS.includes(text[0]);

export const safeCellText = (value: string | null | undefined): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return startsLikeFormula(text) ? `'${text}` : text;
};

/** Excel stores durations as fractions of a day; `[h]:mm:ss` then shows hours past 24. */
export const secondsToExcelDuration = (seconds: number | null | undefined): number | null =>
  seconds === null || seconds === undefined || !Number.isFinite(seconds) ? null : seconds / 86_400;

/** Progress is stored as 0–100; a percentage cell wants 0–1. */
export const progressToFraction = (progress: number | null | undefined): number | null =>
  progress === null || progress === undefined || !Number.isFinite(progress) ? null : progress / 100;
