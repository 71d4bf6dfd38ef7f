/** Reminder windows, opt-out topics, the words of notification emails and the opt-out token, as tables. */
import type { Core } from '@strapi/strapi';
import {
  NOTIFICATION_KINDS,
  REMINDER_KINDS,
  personTypeOf,
  reminderWindows,
  renderNotificationEmail,
  topicOf,
} from '../../common/domain/notification-emails';
import { optOutToken, readOptOutToken } from '../../server/src/utils/opt-out-token';

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
  it.each(NOTIFICATION_KINDS.flatMap((kind) => [[kind, 'en'] as const, [kind, 'nl'] as const]))(
    '%s in %s escapes every variable and ends with the opt-out link',
    (kind, language) => {
      const email = renderNotificationEmail(kind, language, {
        name: 'Ann <b>',
        optOutUrl: 'https://site.test/api/groups/notifications/opt-out?token=a&b',
        learnerName: 'Bo "x"',
        courseTitle: '<script>alert(1)</script>',
        groupName: 'A & B',
        dueDate: '2026-12-07',
        lines: ['<i>line</i>'],
        week: '2026-W49',
        counts: { requestsWaiting: 1, overdue: 2, atRisk: 3, completed: 4 },
        attached: true,
      });
      expect(email.html).not.toMatch(/<(b|script|i)>/);
      expect(email.html).toContain('href="https://site.test/api/groups/notifications/opt-out?token=a&amp;b"');
      expect(email.text.endsWith('https://site.test/api/groups/notifications/opt-out?token=a&b')).toBe(true);
      expect(email.subject.length).toBeGreaterThan(0);
    }
  );
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
