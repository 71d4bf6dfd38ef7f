/**
 * The rules of a member import: which rows of an uploaded sheet may be applied and what each row would do.
 * Pure: the server reads the file and looks the emails up, this decides.
 */
import { MEMBER_LIMITS, isEmailAddress } from './members';
import { startsLikeFormula } from './spreadsheet-safe';
import { forbiddenCharacter } from './text';

export const IMPORT_ERROR_CODES = [
  'missing-email',
  'invalid-email',
  'duplicate',
  'too-long',
  'too-short',
  'formula',
  'control-character',
  'blocked',
  'username-taken',
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

/** What applying the file would do to one row. */
export type ImportOutcome = 'add' | 'invite' | 'already-member' | 'error';

export interface ImportRowError {
  code: ImportErrorCode;
  column: 'email' | 'username' | null;
  message: string;
}

export interface ImportRow {
  /** The row number as the spreadsheet shows it (the header is row 1 or wherever it was found). */
  row: number;
  email: string;
  username: string;
  outcome: ImportOutcome;
  errors: ImportRowError[];
}

export interface ImportSummary {
  rows: number;
  add: number;
  invite: number;
  alreadyMember: number;
  errors: number;
}

/** One cell as read from the file: its text, and whether the spreadsheet held a formula there. */
export interface RawCell {
  text: string;
  isFormula: boolean;
}

export interface RawImportRow {
  row: number;
  email: RawCell;
  username: RawCell;
}

export interface ExistingAccount {
  id: number;
  email: string;
  username: string;
  blocked: boolean;
  /** False for an account that was invited and never confirmed: it gets a fresh invitation. */
  confirmed: boolean;
  isMember: boolean;
}

export interface ImportLookup {
  /** Accounts whose email appears in the file, by lowercased email. */
  accountsByEmail: ReadonlyMap<string, ExistingAccount>;
  /** Usernames (as stored) that belong to accounts, among the usernames the new rows would use. */
  takenUsernames: ReadonlySet<string>;
}

/** A cell a spreadsheet program could run as a formula when the file is opened again. */
export const isFormulaLike = (cell: RawCell) => cell.isFormula || startsLikeFormula(cell.text);

const cellError = (code: ImportRowError['code'], column: ImportRowError['column'], message: string) => ({
  code,
  column,
  message,
});

/** The username a new account gets when the sheet has none: the email, which is unique already. */
export const defaultUsername = (email: string) => email;

/** A cell no column may take: a formula (or text that starts like one), or a control character. */
const unsafeCellError = (cell: RawCell, column: 'email' | 'username'): ImportRowError | null => {
  if (isFormulaLike(cell)) {
    return cellError(
      'formula',
      column,
      `The ${column} cell holds a formula or starts with = + - @ or a tab.`
    );
  }
  const found = forbiddenCharacter(cell.text.trim(), 'single-line');
  return found
    ? cellError('control-character', column, `The ${column} cell holds the control character ${found}.`)
    : null;
};

/**
 * The emails and usernames the server must look up before `checkImportRows` can decide. A cell holding a
 * control character is an error of its row and is never looked up (PostgreSQL refuses a NUL in a query).
 */
export const lookupKeys = (rows: readonly RawImportRow[]) => {
  const emails = new Set<string>();
  const usernames = new Set<string>();
  for (const row of rows) {
    const email = row.email.text.trim().toLowerCase();
    if (email && !forbiddenCharacter(email, 'single-line')) emails.add(email);
    const username = row.username.text.trim() || defaultUsername(email);
    if (!forbiddenCharacter(username, 'single-line')) usernames.add(username);
  }
  usernames.delete('');
  return { emails: [...emails], usernames: [...usernames] };
};

const checkEmail = (cell: RawCell): { email: string; errors: ImportRowError[] } => {
  const text = cell.text.trim();
  const unsafe = unsafeCellError(cell, 'email');
  if (unsafe) return { email: text, errors: [unsafe] };
  if (!text) return { email: '', errors: [cellError('missing-email', 'email', 'The email is missing.')] };
  if (text.length > MEMBER_LIMITS.email) {
    return {
      email: text.slice(0, MEMBER_LIMITS.email),
      errors: [cellError('too-long', 'email', `The email is longer than ${MEMBER_LIMITS.email} characters.`)],
    };
  }
  if (!isEmailAddress(text)) {
    return {
      email: text,
      errors: [cellError('invalid-email', 'email', `"${text}" is not an email address.`)],
    };
  }
  return { email: text.toLowerCase(), errors: [] };
};

const checkUsername = (cell: RawCell): { username: string; errors: ImportRowError[] } => {
  const text = cell.text.trim();
  const unsafe = unsafeCellError(cell, 'username');
  if (unsafe) return { username: text, errors: [unsafe] };
  if (text.length > MEMBER_LIMITS.username) {
    return {
      username: text.slice(0, MEMBER_LIMITS.username),
      errors: [
        cellError(
          'too-long',
          'username',
          `The username is longer than ${MEMBER_LIMITS.username} characters.`
        ),
      ],
    };
  }
  if (text && text.length < MEMBER_LIMITS.usernameMin) {
    return {
      username: text,
      errors: [
        cellError(
          'too-short',
          'username',
          `The username is shorter than ${MEMBER_LIMITS.usernameMin} characters.`
        ),
      ],
    };
  }
  return { username: text, errors: [] };
};

/**
 * Decides every row: `add` an existing account to the group, `invite` a new one, skip an existing member,
 * or an error that blocks the whole file (imports apply all or nothing).
 */
export const checkImportRows = (rows: readonly RawImportRow[], lookup: ImportLookup): ImportRow[] => {
  const seenEmails = new Map<string, number>();
  const seenUsernames = new Map<string, number>();
  return rows.map((raw) => {
    const email = checkEmail(raw.email);
    const username = checkUsername(raw.username);
    const errors = [...email.errors, ...username.errors];
    const result: ImportRow = {
      row: raw.row,
      email: email.email,
      username: username.username,
      outcome: 'error',
      errors,
    };
    if (email.errors.length > 0) return result;

    const firstRow = seenEmails.get(email.email);
    if (firstRow !== undefined) {
      errors.push(cellError('duplicate', 'email', `The email ${email.email} is already on row ${firstRow}.`));
      return result;
    }
    seenEmails.set(email.email, raw.row);

    const account = lookup.accountsByEmail.get(email.email);
    if (account) {
      // Existing accounts keep their username; the sheet only says who joins.
      result.username = account.username;
      if (account.blocked) {
        errors.push(
          cellError(
            'blocked',
            'email',
            `The account ${email.email} is blocked and cannot be added to a group.`
          )
        );
      }
      if (errors.length === 0) {
        result.outcome = account.isMember ? 'already-member' : account.confirmed ? 'add' : 'invite';
      }
      return result;
    }

    const wanted = username.username || defaultUsername(email.email);
    result.username = wanted;
    if (username.errors.length === 0) {
      const firstWithName = seenUsernames.get(wanted);
      if (lookup.takenUsernames.has(wanted)) {
        errors.push(
          cellError(
            'username-taken',
            'username',
            username.username
              ? `The username ${wanted} belongs to another account.`
              : `The username ${wanted} belongs to another account: put a username in the username column.`
          )
        );
      } else if (firstWithName !== undefined) {
        errors.push(
          cellError('duplicate', 'username', `The username ${wanted} is already on row ${firstWithName}.`)
        );
      } else {
        seenUsernames.set(wanted, raw.row);
      }
    }
    if (errors.length === 0) result.outcome = 'invite';
    return result;
  });
};

export const summarizeImport = (rows: readonly ImportRow[]): ImportSummary => ({
  rows: rows.length,
  add: rows.filter((r) => r.outcome === 'add').length,
  invite: rows.filter((r) => r.outcome === 'invite').length,
  alreadyMember: rows.filter((r) => r.outcome === 'already-member').length,
  errors: rows.filter((r) => r.outcome === 'error').length,
});
