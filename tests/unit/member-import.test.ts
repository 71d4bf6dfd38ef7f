import {
  checkImportRows,
  lookupKeys,
  summarizeImport,
  type ExistingAccount,
  type RawImportRow,
} from '../../common/domain/member-import';

const cell = (text: string, isFormula = false) => ({ text, isFormula });
const row = (n: number, email: string, username = '', formula = false): RawImportRow => ({
  row: n,
  email: cell(email, formula),
  username: cell(username),
});
const account = (email: string, extra: Partial<ExistingAccount> = {}): ExistingAccount => ({
  id: email.length,
  email,
  username: email.split('@')[0],
  blocked: false,
  confirmed: true,
  isMember: false,
  ...extra,
});

const check = (rows: RawImportRow[], accounts: ExistingAccount[] = [], taken: string[] = []) =>
  checkImportRows(rows, {
    accountsByEmail: new Map(accounts.map((a) => [a.email, a])),
    takenUsernames: new Set(taken),
  });

describe('member import rules', () => {
  it.each([
    ['', 'missing-email'],
    ['   ', 'missing-email'],
    ['no-at-sign', 'invalid-email'],
    ['two@@example.test', 'invalid-email'],
    [`${'a'.repeat(250)}@example.test`, 'too-long'],
    ['=1+1', 'formula'],
    ['+31612345678@example.test', 'formula'],
    ['-x@example.test', 'formula'],
    ['@x@example.test', 'formula'],
    ['\tx@example.test', 'formula'],
    ['\rx@example.test', 'formula'],
  ])('refuses the email %j as %s', (email, code) => {
    const [result] = check([row(2, email)]);
    expect(result.outcome).toBe('error');
    expect(result.errors.map((e) => e.code)).toEqual([code]);
  });

  it('refuses a cell that held a formula whatever its result', () => {
    const [result] = check([row(2, 'ok@example.test', '', true)]);
    expect(result.errors.map((e) => e.code)).toEqual(['formula']);
  });

  it.each([
    ['ab', 'too-short'],
    ['n'.repeat(101), 'too-long'],
    ['=HYPERLINK("x")', 'formula'],
    ['@me', 'formula'],
  ])('refuses the username %j as %s', (username, code) => {
    const [result] = check([row(2, 'new@example.test', username)]);
    expect(result.errors).toEqual([expect.objectContaining({ code, column: 'username' })]);
  });

  it('decides add, invite, already-member and blocked for existing accounts', () => {
    const results = check(
      [
        row(2, 'Known@Example.test'),
        row(3, 'member@example.test'),
        row(4, 'blocked@example.test'),
        row(5, 'pending@example.test'),
      ],
      [
        account('known@example.test'),
        account('member@example.test', { isMember: true }),
        account('blocked@example.test', { blocked: true }),
        account('pending@example.test', { confirmed: false }),
      ]
    );
    expect(results.map((r) => r.outcome)).toEqual(['add', 'already-member', 'error', 'invite']);
    expect(results[0]).toMatchObject({ email: 'known@example.test', username: 'known' });
    expect(results[2].errors[0].code).toBe('blocked');
  });

  it('flags the second of two rows with one address, in any case, and duplicate new usernames', () => {
    const results = check([
      row(2, 'a@example.test', 'same'),
      row(3, 'A@EXAMPLE.TEST'),
      row(4, 'b@example.test', 'same'),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['invite', 'error', 'error']);
    expect(results[1].errors[0]).toMatchObject({
      code: 'duplicate',
      message: expect.stringContaining('row 2'),
    });
    expect(results[2].errors[0]).toMatchObject({ code: 'duplicate', column: 'username' });
  });

  it('uses the email as username when the sheet has none, and refuses taken usernames', () => {
    const results = check([row(2, 'new@example.test'), row(3, 'other@example.test', 'taken')], [], ['taken']);
    expect(results[0]).toMatchObject({ outcome: 'invite', username: 'new@example.test' });
    expect(results[1].errors[0].code).toBe('username-taken');
  });

  it('lists what to look up and sums the outcomes', () => {
    const rows = [row(2, 'A@example.test', 'alpha'), row(3, 'b@example.test'), row(4, '')];
    expect(lookupKeys(rows)).toEqual({
      emails: ['a@example.test', 'b@example.test'],
      usernames: ['alpha', 'b@example.test'],
    });
    expect(summarizeImport(check(rows))).toEqual({ rows: 3, add: 0, invite: 2, alreadyMember: 0, errors: 1 });
  });
});
