/**
 * What text the plugin stores or searches may hold. PostgreSQL refuses a NUL character in any text value
 * (the whole statement fails), and the other C0 control characters and DEL are never meant as text: they
 * come from a pasted binary, a broken export or a probe. Every text input is checked against this rule where
 * it enters (the request schemas, the member import, the document service), so it is refused with a sentence
 * instead of reaching the database.
 *
 * Two kinds of text: a single line (a name, a search, a subject, an address) holds no tab or line break
 * either; multi-line text (a message body, a reason, a description) may hold tabs, line feeds and carriage
 * returns.
 */
export type TextKind = 'single-line' | 'multi-line';

/**
 * The characters each kind refuses, as a regular-expression class: the C0 controls (U+0000–U+001F) and DEL
 * (U+007F); multi-line text keeps tab (U+0009), line feed (U+000A) and carriage return (U+000D).
 */
const FORBIDDEN_CLASS: Record<TextKind, string> = {
  'single-line': '\\u0000-\\u001f\\u007f',
  'multi-line': '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f',
};

const FORBIDDEN: Record<TextKind, RegExp> = {
  'single-line': new RegExp(`[${FORBIDDEN_CLASS['single-line']}]`),
  'multi-line': new RegExp(`[${FORBIDDEN_CLASS['multi-line']}]`),
};

/** Matches a whole text that holds no forbidden character: for schema libraries that check by pattern. */
export const ALLOWED_TEXT: Record<TextKind, RegExp> = {
  'single-line': new RegExp(`^[^${FORBIDDEN_CLASS['single-line']}]*$`),
  'multi-line': new RegExp(`^[^${FORBIDDEN_CLASS['multi-line']}]*$`),
};

/** The sentence a refused text is answered with, after the field's name. */
export const CONTROL_CHARACTER_MESSAGE: Record<TextKind, string> = {
  'single-line': 'must not contain control characters, tabs or line breaks',
  'multi-line': 'must not contain control characters (tabs and line breaks are fine)',
};

/** The first character `text` may not hold, as `U+0000`; null when the text is fine. */
export const forbiddenCharacter = (text: string, kind: TextKind): string | null => {
  const found = FORBIDDEN[kind].exec(text);
  return found ? `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : null;
};

/**
 * A search term as a pattern for `lower(column) like ? escape '\'`: lowercased, with the LIKE wildcards
 * `%` and `_` (and the escape character itself) matched literally, wrapped to match anywhere.
 */
export const likeContainsPattern = (search: string): string =>
  `%${search.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
