/**
 * Every sentence the server sends has a key in the message catalogue, and every key of the catalogue is
 * translated in English and Dutch (the English the same as the catalogue's). The English/Dutch parity of the
 * whole translation files is tests/unit/translations.test.ts.
 */
import fs from 'fs';
import path from 'path';
import en from '../../admin/src/translations/en.json';
import nl from '../../admin/src/translations/nl.json';
import { MESSAGES, messageOf, messageText, rightsMessage } from '../../common/domain/messages';

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
        for (const match of text.matchAll(THROWN)) {
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
