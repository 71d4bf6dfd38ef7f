/** Reminder windows, opt-out topics, the default templates of notification emails and the opt-out token, as tables. */
import type { Core } from '@strapi/strapi';
import { EMAIL_LANGUAGES } from '../../common/domain/decision-emails';
import { renderEmail, templateProblem } from '../../common/domain/email-template';
import {
  NOTIFICATION_EMAIL_KINDS,
  NOTIFICATION_KINDS,
  REMINDER_KINDS,
  listBlock,
  personTypeOf,
  reminderWindows,
  topicOf,
} from '../../common/domain/notification-emails';
import { optOutToken, readOptOutToken } from '../../server/src/utils/opt-out-token';
import { publicUrl, requestOrigin } from '../../server/src/utils/public-url';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2026-11-30T09:00:00.000Z');

/** The reminder an enrollment due `dueIn` ms from now gets, by the windows' rules. */
const reminderFor = (dueIn: number) => {
  const due = now.getTime() + dueIn;
  return (
    reminderWindows(now).find(
      (w) => due <= w.dueUntil.getTime() && (w.dueAfter === null || due > w.dueAfter.getTime())
    )?.kind ?? null
  );
};

describe('reminder windows', () => {
  it.each([
    [8 * DAY, null],
    [7 * DAY, 'reminder-due-soon'],
    [3 * DAY, 'reminder-due-soon'],
    [DAY + 1, 'reminder-due-soon'],
    [DAY, 'reminder-due-tomorrow'],
    [1, 'reminder-due-tomorrow'],
    [0, 'reminder-overdue'],
    [-30 * DAY, 'reminder-overdue'],
  ])('due in %d ms → %s', (dueIn, kind) => {
    expect(reminderFor(dueIn)).toBe(kind);
  });

  it('repeats only the overdue reminder, weekly', () => {
    expect(reminderWindows(now).map((w) => [w.kind, w.repeatsWeekly])).toEqual(
      REMINDER_KINDS.map((kind) => [kind, kind === 'reminder-overdue'])
    );
  });
});

describe('opt-out topics', () => {
  it.each(NOTIFICATION_KINDS.map((kind) => [kind]))('%s has a topic of the right person', (kind) => {
    const topic = topicOf(kind);
    expect(personTypeOf(topic)).toBe(kind.startsWith('reminder') ? 'learner' : 'admin');
  });
});

describe('notification emails', () => {
  it('has a template kind for every notification kind', () => {
    expect(NOTIFICATION_EMAIL_KINDS.map((k) => k.kind)).toEqual([...NOTIFICATION_KINDS]);
  });

  it.each(
    NOTIFICATION_EMAIL_KINDS.flatMap((kind) =>
      EMAIL_LANGUAGES.map((language) => [kind.kind, language] as const)
    )
  )(
    '%s in %s: the default parses, escapes every variable and ends with the opt-out link',
    (name, language) => {
      const kind = NOTIFICATION_EMAIL_KINDS.find((k) => k.kind === name)!;
      expect(templateProblem(kind.defaults[language], kind.variables)).toBeNull();
      const hostile: Record<string, string> = {
        managerName: 'Ann <b>',
        learnerName: 'Bo "x"',
        courseTitle: '<script>alert(1)</script>',
        groupName: 'A & B',
        dueDate: '2026-12-07',
        requestList: listBlock(['<i>line</i>', 'two\nlines']),
        waitingList: listBlock(['<i>waiting</i>']),
        overdueList: listBlock(['<i>late</i>']),
        groupNames: '<i>group</i>',
        week: '2026-W49',
        reportAttached: 'yes',
        optOutLink: 'https://site.test/api/groups/notifications/opt-out?token=a&b',
      };
      const values = Object.fromEntries(kind.variables.map((v) => [v.name, hostile[v.name] ?? v.sample]));
      const email = renderEmail(kind.defaults[language], kind.variables, values);
      expect(email.html).not.toMatch(/<(b|script|i)>/);
      expect(email.html).toContain('href="https://site.test/api/groups/notifications/opt-out?token=a&amp;b"');
      expect(email.text.endsWith('https://site.test/api/groups/notifications/opt-out?token=a&b')).toBe(true);
      expect(email.subject.length).toBeGreaterThan(0);
      for (const variable of kind.variables)
        expect([variable.name, variable.sample.length > 0]).toEqual([variable.name, true]);
    }
  );

  it('writes a list as one line per item, a line break inside an item kept on its line, and how many more', () => {
    expect(listBlock(['a', 'b\r\n c'], 3)).toBe('- a\n- b c\n- … (+3)');
    expect(listBlock([])).toBe('');
  });
});

describe('opt-out token', () => {
  const strapi = { config: { get: () => ['key-one', 'key-two'] } } as unknown as Core.Strapi;
  const other = { config: { get: () => ['another-site'] } } as unknown as Core.Strapi;
  const optOut = { personType: 'learner', personId: 12, topic: 'reminders', language: 'nl' } as const;

  it('reads back what it signed, and nothing another key signed or anyone changed', () => {
    const token = optOutToken(strapi, optOut);
    expect(readOptOutToken(strapi, token)).toEqual(optOut);
    expect(readOptOutToken(strapi, optOutToken(other, optOut))).toBeNull();
    const [payload, signature] = token.split('.');
    const forged = Buffer.from('o1.learner.13.reminders.nl').toString('base64url');
    expect(readOptOutToken(strapi, `${forged}.${signature}`)).toBeNull();
    expect(readOptOutToken(strapi, `${payload}.${signature.slice(1)}`)).toBeNull();
    expect(readOptOutToken(strapi, 'x'.repeat(40))).toBeNull();
    expect(readOptOutToken(strapi, `${payload}.${signature}.x`)).toBeNull();
  });

  it('refuses a topic that does not belong to the person type', () => {
    expect(readOptOutToken(strapi, optOutToken(strapi, { ...optOut, personType: 'admin' }))).toBeNull();
  });
});

describe('the address of links in emails', () => {
  const site = (url: string, origin?: string) =>
    ({
      config: {
        get: (key: string) => ({ 'server.url': url, 'server.absoluteUrl': 'http://0.0.0.0:1337' })[key],
      },
      requestContext: { get: () => (origin === undefined ? undefined : { origin }) },
    }) as unknown as Core.Strapi;

  it.each([
    [
      'the site’s url, whoever wrote the row',
      site('https://lms.example.com/', 'http://other.test'),
      'http://other.test',
      'https://lms.example.com',
    ],
    [
      'the writing request’s origin when the site set no url',
      site('', 'https://lms.example.com'),
      'https://lms.example.com',
      'https://lms.example.com',
    ],
    ['Strapi’s own address for a row written without a request', site('/'), undefined, 'http://0.0.0.0:1337'],
  ])('%s', (_case, strapi, writtenFrom, expected) => {
    expect(publicUrl(strapi, writtenFrom)).toBe(expected);
  });

  it('keeps the origin of the request only when the site set no url, and only a plain origin', () => {
    expect(requestOrigin(site('', 'https://lms.example.com'))).toBe('https://lms.example.com');
    expect(requestOrigin(site('https://lms.example.com', 'http://other.test'))).toBeNull();
    expect(requestOrigin(site('', 'javascript:alert(1)'))).toBeNull();
    expect(requestOrigin(site(''))).toBeNull();
  });
});
