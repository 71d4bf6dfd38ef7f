/**
 * Text without control characters: the rule itself, every text field of every contract, the 400 sentence
 * that names the field, the LIKE pattern and the member import's rows.
 */
import type { z } from 'zod';
import {
  CONTROL_CHARACTER_MESSAGE,
  forbiddenCharacter,
  likeContainsPattern,
  type TextKind,
} from '../../common/domain/text';
import { checkImportRows, lookupKeys, type RawImportRow } from '../../common/domain/member-import';
import {
  bulkTransitionInputSchema,
  requestEnrollmentInputSchema,
  transitionInputSchema,
} from '../../common/contracts/enrollment';
import { acceptInvitationBodySchema, checkInvitationBodySchema } from '../../common/contracts/invitations';
import {
  cancelEnrollmentBodySchema,
  myEnrollmentsQuerySchema,
  requestEnrollmentBodySchema,
} from '../../common/contracts/learner';
import { progressParamsSchema, progressReportSchema } from '../../common/contracts/lms';
import {
  addMemberBodySchema,
  invitationParamsSchema,
  inviteBodySchema,
  listMembersQuerySchema,
  memberParamsSchema,
  messageBodySchema,
  updateMemberBodySchema,
} from '../../common/contracts/members';
import { exportQuerySchema, reportQuerySchema } from '../../common/contracts/report';
import {
  bulkDocumentIdsSchema,
  documentIdSchema,
  multiLineTextSchema,
  paginationShape,
  reasonSchema,
  searchSchema,
  singleLineTextSchema,
} from '../../common/contracts/shared';
import {
  bulkTransitionBodySchema,
  documentIdParamsSchema,
  enrollmentListQuerySchema,
  groupMembersQuerySchema,
  registerBodySchema,
  transitionBodySchema,
} from '../../common/contracts/workspace';
import { parseInput } from '../../server/src/utils/validate';
import * as enrollmentContracts from '../../common/contracts/enrollment';
import * as invitationContracts from '../../common/contracts/invitations';
import * as learnerContracts from '../../common/contracts/learner';
import * as lmsContracts from '../../common/contracts/lms';
import * as memberContracts from '../../common/contracts/members';
import * as reportContracts from '../../common/contracts/report';
import * as sharedContracts from '../../common/contracts/shared';
import * as workspaceContracts from '../../common/contracts/workspace';

const char = (code: number) => String.fromCharCode(code);
const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
const C0 = Array.from({ length: 32 }, (_, code) => code);
const LINE_CHARACTERS = [0x09, 0x0a, 0x0d];

describe('the control-character rule', () => {
  it.each([...C0, 0x7f].map((code) => [hex(code), code]))('single-line text refuses %s', (_, code) => {
    expect(forbiddenCharacter(`a${char(code)}b`, 'single-line')).toBe(hex(code));
    expect(singleLineTextSchema.safeParse(`a${char(code)}b`).success).toBe(false);
  });

  it.each([...C0, 0x7f].filter((code) => !LINE_CHARACTERS.includes(code)).map((code) => [hex(code), code]))(
    'multi-line text refuses %s',
    (_, code) => {
      expect(forbiddenCharacter(`a${char(code)}b`, 'multi-line')).toBe(hex(code));
      expect(multiLineTextSchema.safeParse(`a${char(code)}b`).success).toBe(false);
    }
  );

  it.each(LINE_CHARACTERS.map((code) => [hex(code), code]))(
    'multi-line text keeps %s inside the text',
    (_, code) => {
      const text = `line one${char(code)}line two`;
      expect(forbiddenCharacter(text, 'multi-line')).toBeNull();
      expect(multiLineTextSchema.parse(text)).toBe(text);
    }
  );

  it.each([
    ['letters with accents', 'Zoë Ångström-Ōtake'],
    ['emoji and CJK', '课程 🎓'],
    ['a no-break space and a C1 character', 'a\u00a0b\u0085c'],
    ['quotes and wildcards', `O'Brien "100%" a_b \\`],
    ['the empty text', ''],
  ])('lets %s through', (_, text) => {
    for (const kind of ['single-line', 'multi-line'] as TextKind[])
      expect(forbiddenCharacter(text, kind)).toBeNull();
    expect(singleLineTextSchema.parse(text)).toBe(text);
  });

  it('trims surrounding whitespace (tabs and line breaks too) before it checks', () => {
    expect(singleLineTextSchema.parse('\t search term \r\n')).toBe('search term');
    expect(multiLineTextSchema.parse('\n first\n second \n')).toBe('first\n second');
  });

  it('names the first forbidden character', () => {
    expect(forbiddenCharacter('ok\u0001then\u0000', 'multi-line')).toBe('U+0001');
  });
});

describe('the shared contract pieces', () => {
  it.each([
    ['a cuid2 id', 'k3x8l0m2q9w4e7r1t5y6u0io', true],
    ['letters, digits, - and _', 'Abc_123-x', true],
    ['an empty id', '', false],
    ['a quote', "x' OR 1=1", false],
    ['a NUL', 'abc\u0000', false],
    ['a space inside', 'ab cd', false],
    ['65 characters', 'a'.repeat(65), false],
    ['a number', 12, false],
  ])('documentIdSchema: %s → %s', (_, value, ok) => {
    expect(documentIdSchema.safeParse(value).success).toBe(ok);
  });

  it('bounds bulk ids, reasons, searches and pages', () => {
    expect(bulkDocumentIdsSchema.safeParse([]).success).toBe(false);
    expect(bulkDocumentIdsSchema.safeParse(['a', 'b']).success).toBe(true);
    expect(reasonSchema.safeParse('r'.repeat(2001)).success).toBe(false);
    expect(reasonSchema.parse(' Full.\nSorry. ')).toBe('Full.\nSorry.');
    expect(searchSchema.safeParse('s'.repeat(101)).success).toBe(false);
    expect(paginationShape.page.parse(undefined)).toBe(1);
    expect(paginationShape.pageSize.parse('50')).toBe(50);
    expect(paginationShape.page.safeParse(100_001).success).toBe(false);
    expect(paginationShape.pageSize.safeParse(101).success).toBe(false);
  });

  it('finds LIKE wildcards literally, lowercased, anywhere', () => {
    expect(likeContainsPattern('SANNE')).toBe('%sanne%');
    expect(likeContainsPattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });
});

/** Every text field of every contract: [where, schema, a valid input, the path of the text field, its kind]. */
type Case = [string, z.ZodTypeAny, Record<string, unknown>, Array<string | number>, TextKind | 'pattern'];

const DOC = 'k3x8l0m2q9w4e7r1t5y6u0io';
const TOKEN = 't'.repeat(40);
const CASES: Case[] = [
  ['report query', reportQuerySchema, { search: 'anna' }, ['search'], 'single-line'],
  ['report query', reportQuerySchema, { timeZone: 'Europe/Amsterdam' }, ['timeZone'], 'single-line'],
  ['report query', reportQuerySchema, { from: '2026-10-01' }, ['from'], 'single-line'],
  ['report query', reportQuerySchema, { sort: 'learner:asc' }, ['sort'], 'single-line'],
  ['report query', reportQuerySchema, { group: [DOC] }, ['group', 0], 'pattern'],
  ['export query', exportQuerySchema, { search: 'anna' }, ['search'], 'single-line'],
  ['enrollment list', enrollmentListQuerySchema, { search: 'anna' }, ['search'], 'single-line'],
  ['transition', transitionBodySchema, { action: 'reject', reason: 'Full' }, ['reason'], 'multi-line'],
  [
    'bulk transition',
    bulkTransitionBodySchema,
    { documentIds: [DOC], action: 'reject', reason: 'Full' },
    ['reason'],
    'multi-line',
  ],
  [
    'bulk transition',
    bulkTransitionBodySchema,
    { documentIds: [DOC], action: 'approve' },
    ['documentIds', 0],
    'pattern',
  ],
  ['workspace params', documentIdParamsSchema, { documentId: DOC }, ['documentId'], 'pattern'],
  ['register', registerBodySchema, { learner: DOC, group: DOC, course: DOC }, ['learner'], 'pattern'],
  ['group members', groupMembersQuerySchema, { search: 'anna' }, ['search'], 'single-line'],
  ['members list', listMembersQuerySchema, { search: 'anna' }, ['search'], 'single-line'],
  ['add member', addMemberBodySchema, { email: 'a@example.test' }, ['email'], 'single-line'],
  ['invite', inviteBodySchema, { email: 'a@example.test', username: 'anna' }, ['email'], 'single-line'],
  ['invite', inviteBodySchema, { email: 'a@example.test', username: 'anna' }, ['username'], 'single-line'],
  ['update member', updateMemberBodySchema, { username: 'anna' }, ['username'], 'single-line'],
  ['member params', memberParamsSchema, { groupId: DOC, userId: DOC }, ['userId'], 'pattern'],
  [
    'invitation params',
    invitationParamsSchema,
    { groupId: DOC, invitationId: DOC },
    ['invitationId'],
    'pattern',
  ],
  [
    'message',
    messageBodySchema,
    { subject: 'Hello', body: 'Text', recipients: { kind: 'all' } },
    ['subject'],
    'single-line',
  ],
  [
    'message',
    messageBodySchema,
    { subject: 'Hello', body: 'Text', recipients: { kind: 'all' } },
    ['body'],
    'multi-line',
  ],
  [
    'message',
    messageBodySchema,
    { subject: 'Hello', body: 'Text', recipients: { kind: 'filter', search: 'anna' } },
    ['recipients', 'search'],
    'single-line',
  ],
  ['invitation check', checkInvitationBodySchema, { token: TOKEN }, ['token'], 'single-line'],
  ['invitation accept', acceptInvitationBodySchema, { token: TOKEN }, ['token'], 'single-line'],
  [
    'invitation accept',
    acceptInvitationBodySchema,
    { token: TOKEN, password: 'Secret-pass-1' },
    ['password'],
    'single-line',
  ],
  ['my enrollments', myEnrollmentsQuerySchema, { group: DOC }, ['group'], 'pattern'],
  [
    'request enrollment',
    requestEnrollmentBodySchema,
    { groupId: DOC, courseId: DOC, reason: 'Please' },
    ['reason'],
    'multi-line',
  ],
  ['cancel enrollment', cancelEnrollmentBodySchema, { reason: 'Moved' }, ['reason'], 'multi-line'],
  ['progress params', progressParamsSchema, { documentId: DOC }, ['documentId'], 'pattern'],
  ['progress report', progressReportSchema, { startedAt: '2026-10-01T10:00:00Z' }, ['startedAt'], 'pattern'],
  [
    'service transition',
    transitionInputSchema,
    { documentId: DOC, to: 'rejected', reason: 'Full' },
    ['reason'],
    'multi-line',
  ],
  [
    'service bulk transition',
    bulkTransitionInputSchema,
    { documentIds: [DOC], to: 'rejected', reason: 'Full' },
    ['reason'],
    'multi-line',
  ],
  [
    'service request',
    requestEnrollmentInputSchema,
    { learnerId: 1, groupDocumentId: DOC, courseDocumentId: DOC, reason: 'Please' },
    ['reason'],
    'multi-line',
  ],
];

const withText = (input: Record<string, unknown>, path: Array<string | number>, text: string) => {
  const copy = structuredClone(input);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  node[last] = `${String(node[last]).slice(0, 2)}${text}${String(node[last]).slice(2)}`;
  return copy;
};

describe('every text field of every contract', () => {
  it.each(CASES)('%s accepts its valid input (%#)', (_, schema, input) => {
    expect(schema.safeParse(input).success).toBe(true);
  });

  it.each(
    CASES.flatMap(([where, schema, input, path, kind]) => [
      [where, path.join('.'), 'NUL', '\u0000', schema, input, path, kind] as const,
      [where, path.join('.'), 'ESC', '\u001b', schema, input, path, kind] as const,
    ])
  )('%s refuses %s holding %s with a 400 naming it', (_, field, _name, text, schema, input, path, kind) => {
    let error: { message: string; details?: { errors: Array<{ path: string }> } } | undefined;
    try {
      parseInput(schema, withText(input, path, text));
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error).toBeDefined();
    expect(error!.details!.errors.map((e) => e.path)).toContain(`body.${field}`);
    if (kind !== 'pattern')
      expect(error!.message).toContain(`body.${field}: ${CONTROL_CHARACTER_MESSAGE[kind]}`);
  });

  const singleLine = CASES.filter(([, , , , kind]) => kind === 'single-line');
  it.each(
    singleLine.flatMap(([where, schema, input, path]) => [
      [where, path.join('.'), 'a tab', '\t', schema, input, path] as const,
      [where, path.join('.'), 'a line feed', '\n', schema, input, path] as const,
    ])
  )('%s refuses %s holding %s', (_, _field, _name, text, schema, input, path) => {
    const result = schema.safeParse(withText(input, path, text));
    expect(result.success).toBe(false);
    expect(result.error!.issues).toContainEqual(
      expect.objectContaining({ path, message: CONTROL_CHARACTER_MESSAGE['single-line'] })
    );
  });

  const multiLine = CASES.filter(([, , , , kind]) => kind === 'multi-line');
  it.each(
    multiLine.map(([where, schema, input, path]) => [where, path.join('.'), schema, input, path] as const)
  )('%s keeps line breaks and tabs in %s', (_, _field, schema, input, path) => {
    expect(schema.safeParse(withText(input, path, 'x\r\n\ty')).success).toBe(true);
  });
});

describe('member import rows', () => {
  const cell = (text: string) => ({ text, isFormula: false });
  const row = (n: number, email: string, username = ''): RawImportRow => ({
    row: n,
    email: cell(email),
    username: cell(username),
  });

  it.each([
    ['an email with a NUL', row(2, 'a\u0000b@example.test'), 'email', 'U+0000'],
    ['an email with a line feed inside', row(2, 'a\nb@example.test'), 'email', 'U+000A'],
    ['a username with a NUL', row(2, 'new@example.test', 'an\u0000na'), 'username', 'U+0000'],
    ['a username with DEL', row(2, 'new@example.test', 'anna\u007f'), 'username', 'U+007F'],
  ])('makes %s an error of its row, never a lookup', (_, raw, column, found) => {
    const [result] = checkImportRows([raw], { accountsByEmail: new Map(), takenUsernames: new Set() });
    expect(result.outcome).toBe('error');
    expect(result.errors).toEqual([
      expect.objectContaining({ code: 'control-character', column, message: expect.stringContaining(found) }),
    ]);
    const keys = lookupKeys([raw]);
    expect(
      [...keys.emails, ...keys.usernames].filter((key) => forbiddenCharacter(key, 'single-line'))
    ).toEqual([]);
  });
});

describe('no contract takes unchecked text', () => {
  /** The paths of string schemas with neither the control-character rule nor a stricter pattern. */
  const uncheckedStrings = (schema: z.ZodTypeAny, path: string): string[] => {
    const def = schema._def as Record<string, any>;
    switch (def.typeName) {
      case 'ZodString':
        return (def.checks as Array<{ kind: string }>).some(
          (c) => c.kind === 'regex' || c.kind === 'datetime'
        )
          ? []
          : [path];
      case 'ZodObject':
        return Object.entries((schema as z.AnyZodObject).shape).flatMap(([key, inner]) =>
          uncheckedStrings(inner as z.ZodTypeAny, `${path}.${key}`)
        );
      case 'ZodArray':
        return uncheckedStrings(def.type, `${path}[]`);
      case 'ZodUnion':
      case 'ZodDiscriminatedUnion':
        return (def.options as z.ZodTypeAny[]).flatMap((option, i) =>
          uncheckedStrings(option, `${path}|${i}`)
        );
      case 'ZodEffects':
        return uncheckedStrings(def.schema, path);
      case 'ZodOptional':
      case 'ZodNullable':
      case 'ZodDefault':
        return uncheckedStrings(def.innerType, path);
      default:
        return [];
    }
  };

  it.each([
    ['enrollment', enrollmentContracts],
    ['invitations', invitationContracts],
    ['learner', learnerContracts],
    ['lms', lmsContracts],
    ['members', memberContracts],
    ['report', reportContracts],
    ['shared', sharedContracts],
    ['workspace', workspaceContracts],
  ])('common/contracts/%s.ts', (_, contracts) => {
    const schemas = Object.entries(contracts as Record<string, unknown>).filter(
      (entry): entry is [string, z.ZodTypeAny] =>
        typeof entry[1] === 'object' && entry[1] !== null && '_def' in entry[1]
    );
    expect(schemas.length).toBeGreaterThan(0);
    expect(schemas.flatMap(([name, schema]) => uncheckedStrings(schema, name))).toEqual([]);
  });
});
