/**
 * Every sentence the server sends has a key in the message catalogue, and every key of the catalogue is
 * translated in English and Dutch (the English the same as the catalogue's). The English/Dutch parity of the
 * whole translation files is tests/unit/translations.test.ts.
 */
import fs from 'fs';
import path from 'path';
import en from '../../admin/src/translations/en.json';
import nl from '../../admin/src/translations/nl.json';
import { createIntl } from '@formatjs/intl';
import { z } from 'zod';
import { createGroupBodySchema } from '../../common/contracts/group-setup';
import {
  MESSAGES,
  messageOf,
  messageText,
  rightsMessage,
  type Message,
  type MessageValue,
} from '../../common/domain/messages';
import { problemOf, validationMessage } from '../../common/domain/validation-messages';

const ROOT = path.join(__dirname, '..', '..');
const english = en as Record<string, string>;
const dutch = nl as Record<string, string>;

const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(entry.name) ? [full] : [];
  });

const LITERAL = String.raw`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\x60(?:[^\x60\\]|\\.)*\x60`;
/** A sentence handed to an error, a refusal helper or a domain verdict: the first literal of the call. */
const THROWN = new RegExp(
  String.raw`(?:new errors\.\w+Error|new Refusal|\bforbid|\binvalid|\brefuse)\(\s*(?:'[A-Z_]+',\s*)?(${LITERAL})`,
  'g'
);

/**
 * A sentence a bulk change answers per row (`fail(id, 'CODE', …)`, `message: 'The …'`), which reaches the
 * admin in the same way, so a seat refusal or a waitlist notice without a key fails too.
 */
const OUTCOME = new RegExp(
  String.raw`(?:\bfail\(\s*\w+,\s*'[A-Z_]+',\s*|\bmessage:\s*(?=['"\x60][A-Z]))(${LITERAL})`,
  'g'
);

/** A contract's own words for bad input (`.min(1, 'is required')`): the problem half of a validation message. */
const PROBLEM = new RegExp(
  String.raw`'(?:must|is|may|has|give|equals|completedAt) (?:[^'\\]|\\.)*'|\x60(?:must|is|may|has|give|equals|completedAt) (?:[^\x60\\]|\\.)*\x60`,
  'g'
);

/** A message in a language, its nested messages first, as the admin's serverMessages does. */
const say = (messages: Record<string, string>, message: Message): string => {
  const intl = createIntl({ locale: 'nl', messages });
  const render = (m: Message): string =>
    intl.formatMessage(
      { id: m.key },
      Object.fromEntries(
        Object.entries(m.values ?? {}).map(([name, value]: [string, MessageValue]) => [
          name,
          typeof value === 'object' ? render(value) : value,
        ])
      )
    );
  return render(message);
};

/** The literal as a pattern over templates: its `${…}` parts stand for an argument or any words. */
const patternOf = (literal: string): RegExp => {
  const body = literal.slice(1, -1).replace(/\\(['"\x60])/g, '$1');
  const parts = body.split(/\$\{(?:[^{}]|\{[^{}]*\})*\}/);
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${parts.map(escape).join(String.raw`(?:\{\w+\}|.*?)`)}$`, 's');
};

describe('server messages', () => {
  it('translates every key of the catalogue in English (as the catalogue says) and Dutch', () => {
    const keys = Object.keys(MESSAGES);
    expect(keys.filter((key) => english[key] !== MESSAGES[key as keyof typeof MESSAGES])).toEqual([]);
    expect(keys.filter((key) => !dutch[key]?.trim())).toEqual([]);
    const stray = Object.keys(english).filter((key) => key.startsWith('server.') && !(key in MESSAGES));
    expect(stray).toEqual([]);
  });

  it('gives every sentence thrown in server/src and common/domain a key', () => {
    const templates = Object.values(MESSAGES) as string[];
    const missing: string[] = [];
    let seen = 0;
    for (const dir of ['server/src', 'common/domain']) {
      for (const file of sourceFiles(path.join(ROOT, dir))) {
        const text = fs.readFileSync(file, 'utf8');
        for (const match of [...text.matchAll(THROWN), ...text.matchAll(OUTCOME)]) {
          if (/^'[A-Z_]+'$/.test(match[1])) continue;
          seen += 1;
          const pattern = patternOf(match[1]);
          if (!templates.some((template) => pattern.test(template)))
            missing.push(`${path.relative(ROOT, file)}: ${match[1]}`);
        }
      }
    }
    expect(seen).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it("gives every contract's words for bad input a key", () => {
    const problems = Object.entries(MESSAGES)
      .filter(([key]) => key.startsWith('server.validation.problem.'))
      .map(([, template]) => template as string);
    const missing: string[] = [];
    let seen = 0;
    const files = [
      ...sourceFiles(path.join(ROOT, 'common/contracts')),
      path.join(ROOT, 'common/domain/text.ts'),
      path.join(ROOT, 'server/src/services/group-setup.ts'),
    ];
    for (const file of files) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(PROBLEM)) {
        seen += 1;
        const pattern = patternOf(match[0]);
        const body = match[0].slice(1, -1);
        const known = (template: string) =>
          pattern.test(template) || patternOf(`'${template.replace(/\{(\w+)\}/g, '$${$1}')}'`).test(body);
        if (!problems.some(known)) missing.push(`${path.relative(ROOT, file)}: ${match[0]}`);
      }
    }
    expect(seen).toBeGreaterThan(40);
    expect(missing).toEqual([]);
  });

  it('gives bad input a key for every zod issue code, in English and Dutch', () => {
    for (const code of Object.values(z.ZodIssueCode)) {
      const issue = {
        code,
        path: ['x'],
        message: 'zod words',
        options: [],
        keys: [],
      } as unknown as z.ZodIssue;
      const message = validationMessage([issue], 'body');
      expect(message.key).toBe('server.validation.field');
      expect(problemOf(issue).key in MESSAGES).toBe(true);
    }
    const result = createGroupBodySchema.safeParse({
      name: '',
      seatLimit: -1,
      visibility: 'secret',
      extra: 1,
    });
    expect(result.success).toBe(false);
    const message = validationMessage(result.success ? [] : result.error.issues, 'body');
    expect(messageText(message)).toContain('body.name: is required');
    expect(messageText(message)).toContain('body.seatLimit: must be 0 or more');
    const dutch = say(nl as Record<string, string>, message);
    expect(dutch).toContain('body.name: is verplicht');
    expect(dutch).toContain('body.seatLimit: moet 0 of meer zijn');
    expect(dutch).toContain('body.visibility: moet private of public zijn');
    const zodWords = validationMessage(
      z.object({ page: z.number() }).safeParse({ page: 'x' }).error!.issues,
      'query'
    );
    expect(say(nl as Record<string, string>, zodWords)).toBe('query.page: moet een getal zijn, niet tekst');
  });

  it('sends states and verbs as keys, so their words follow the language', () => {
    const transition = messageOf(
      'An enrollment that is requested can become waitlisted, approved, not completed.'
    )!;
    expect(messageText(transition)).toBe(
      'An enrollment that is requested can become waitlisted, approved, not completed.'
    );
    expect(say(nl as Record<string, string>, transition)).toBe(
      'Een inschrijving die aangevraagd is, kan op de wachtlijst, goedgekeurd worden, niet afgerond.'
    );
    const superAdmin = messageOf('Only a Super Admin can delete groups.')!;
    expect(superAdmin.values).toEqual({ action: { key: 'server.verb.delete' } });
    expect(say(nl as Record<string, string>, superAdmin)).toBe(
      'Alleen een Super Admin kan groepen verwijderen.'
    );
  });

  it('recognises an English sentence and gives back its key and values', () => {
    expect(messageOf('No group has the id abc.')).toEqual({
      key: 'server.access.noGroup',
      values: { ids: 'abc' },
    });
    expect(messageOf('Upload a .xlsx or .csv file.')).toEqual({ key: 'server.members.fileType' });
    expect(messageOf('You do not have the right "view reports" or "export reports" in this group.')).toEqual({
      key: 'server.access.missingRightHere',
      values: { rights: rightsMessage(['viewReports', 'exportReports']) },
    });
    expect(
      messageOf(
        'Attendance can only be marked for an approved or completed enrollment; this one is rejected.'
      )
    ).toEqual({
      key: 'server.enrollment.attendance',
      values: { state: { key: 'server.state.rejected' } },
    });
    expect(messageOf('Something nobody wrote.')).toBeNull();
  });

  it('writes the English of a message with its values, plurals and nested messages', () => {
    expect(messageText({ key: 'server.cm.entriesOutside', values: { count: 1 } })).toBe(
      'You may not read one of these entries: they are outside your groups.'
    );
    expect(messageText({ key: 'server.cm.entriesOutside', values: { count: 3 } })).toBe(
      'You may not read 3 of these entries: they are outside your groups.'
    );
    expect(
      messageText({
        key: 'server.access.missingRight',
        values: { rights: rightsMessage(['manageMembers']), group: 'A' },
      })
    ).toBe('You do not have the right "manage members" in the group "A".');
  });
});
