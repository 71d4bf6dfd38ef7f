/**
 * The scheduled and manager emails: reminders to learners before and after a due date, new-request alerts
 * and digests to managers. Which enrollment is reminded when (pure windows at `now`), what a person may turn
 * off, the defaults, and each email's words in English and Dutch. Decision emails live in
 * decision-emails.ts and are always sent; everything here carries an opt-out link.
 */
import { escapeHtml, type EmailLanguage } from './decision-emails';

export const REMINDER_KINDS = ['reminder-due-soon', 'reminder-due-tomorrow', 'reminder-overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const MANAGER_KINDS = [
  'manager-new-request',
  'manager-request-digest',
  'manager-weekly-digest',
] as const;
export type ManagerKind = (typeof MANAGER_KINDS)[number];

export const NOTIFICATION_KINDS = [...REMINDER_KINDS, ...MANAGER_KINDS] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A manager's choice for new requests: an email each, one digest a day, or none. */
export const NEW_REQUEST_MODES = ['immediate', 'daily', 'off'] as const;
export type NewRequestMode = (typeof NEW_REQUEST_MODES)[number];

/** What an opt-out link turns off, per kind of person. */
export const OPT_OUT_TOPICS = ['reminders', 'newRequests', 'weeklyDigest'] as const;
export type OptOutTopic = (typeof OPT_OUT_TOPICS)[number];

export type PersonType = 'admin' | 'learner';

export interface NotificationPreferences {
  newRequests: NewRequestMode;
  weeklyDigest: boolean;
  reminders: boolean;
}

/** Without a stored row a person receives everything (a manager's new requests one by one). */
export const DEFAULT_PREFERENCES: NotificationPreferences = {
  newRequests: 'immediate',
  weeklyDigest: true,
  reminders: true,
};

/** The topic an opt-out link in an email of `kind` turns off. */
export const topicOf = (kind: NotificationKind): OptOutTopic =>
  (REMINDER_KINDS as readonly string[]).includes(kind)
    ? 'reminders'
    : kind === 'manager-weekly-digest'
      ? 'weeklyDigest'
      : 'newRequests';

/** The person type a topic belongs to: learners have reminders, managers the rest. */
export const personTypeOf = (topic: OptOutTopic): PersonType => (topic === 'reminders' ? 'learner' : 'admin');

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReminderWindow {
  kind: ReminderKind;
  /** Due strictly after this instant (null: no lower bound). */
  dueAfter: Date | null;
  /** Due at or before this instant. */
  dueUntil: Date;
  /** The dedupe key's tail beyond enrollment and due date: overdue reminders repeat once per week. */
  repeatsWeekly: boolean;
}

/**
 * Which approved enrollments each reminder covers at `now`. The windows do not overlap and reach back to
 * the previous run, so a day the job did not run is caught up by the next one; the outbox's dedupe key
 * (enrollment, kind, due date, and the week for overdue) keeps each reminder to one per due date.
 */
export const reminderWindows = (now: Date): ReminderWindow[] => {
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS);
  return [
    { kind: 'reminder-due-soon', dueAfter: at(1), dueUntil: at(7), repeatsWeekly: false },
    { kind: 'reminder-due-tomorrow', dueAfter: now, dueUntil: at(1), repeatsWeekly: false },
    { kind: 'reminder-overdue', dueAfter: null, dueUntil: now, repeatsWeekly: true },
  ];
};

export interface NotificationVariables {
  /** The recipient's name. */
  name: string;
  /** Where the recipient turns this kind of email off. */
  optOutUrl: string;
  learnerName?: string;
  courseTitle?: string;
  groupName?: string;
  /** A calendar day, `2026-12-07`. */
  dueDate?: string;
  /** Lines of a digest, one request or group each. */
  lines?: string[];
  week?: string;
  counts?: { requestsWaiting: number; overdue: number; atRisk: number; completed: number };
  /** Whether the week's report is attached. */
  attached?: boolean;
}

export interface RenderedNotification {
  subject: string;
  text: string;
  html: string;
}

interface Words {
  subject: (v: NotificationVariables) => string;
  body: (v: NotificationVariables) => string[];
}

interface Catalogue {
  greeting: (name: string) => string;
  optOut: Record<OptOutTopic, string>;
  counts: (c: NonNullable<NotificationVariables['counts']>) => string[];
  attached: string;
  kinds: Record<NotificationKind, Words>;
}

const CATALOGUES: Record<EmailLanguage, Catalogue> = {
  en: {
    greeting: (name) => `Hello ${name},`,
    optOut: {
      reminders: 'Stop these reminders',
      newRequests: 'Stop emails about new requests',
      weeklyDigest: 'Stop the weekly digest',
    },
    counts: (c) => [
      `Requests waiting: ${c.requestsWaiting}`,
      `Overdue learners: ${c.overdue}`,
      `At-risk learners: ${c.atRisk}`,
      `Completions this week: ${c.completed}`,
    ],
    attached: "This week's report is attached.",
    kinds: {
      'reminder-due-soon': {
        subject: (v) => `${v.courseTitle} is due on ${v.dueDate}`,
        body: (v) => [
          `Your training ${v.courseTitle} in ${v.groupName} is due on ${v.dueDate}, within a week.`,
        ],
      },
      'reminder-due-tomorrow': {
        subject: (v) => `${v.courseTitle} is due tomorrow`,
        body: (v) => [`Your training ${v.courseTitle} in ${v.groupName} is due on ${v.dueDate}.`],
      },
      'reminder-overdue': {
        subject: (v) => `${v.courseTitle} is overdue`,
        body: (v) => [
          `Your training ${v.courseTitle} in ${v.groupName} was due on ${v.dueDate} and is not completed yet.`,
        ],
      },
      'manager-new-request': {
        subject: (v) => `New request: ${v.learnerName} for ${v.courseTitle}`,
        body: (v) => [`${v.learnerName} asks for a place in ${v.courseTitle} in ${v.groupName}.`],
      },
      'manager-request-digest': {
        subject: (v) => `${v.lines?.length ?? 0} new requests in your groups`,
        body: () => ['These requests arrived in your groups since the last digest:'],
      },
      'manager-weekly-digest': {
        subject: (v) => `Your groups this week (${v.week})`,
        body: (v) => [`Your groups (${(v.lines ?? []).join(', ')}) this week:`],
      },
    },
  },
  nl: {
    greeting: (name) => `Hallo ${name},`,
    optOut: {
      reminders: 'Geen herinneringen meer',
      newRequests: 'Geen e-mails meer over nieuwe aanvragen',
      weeklyDigest: 'Geen weekoverzicht meer',
    },
    counts: (c) => [
      `Wachtende aanvragen: ${c.requestsWaiting}`,
      `Deelnemers te laat: ${c.overdue}`,
      `Deelnemers met risico: ${c.atRisk}`,
      `Afgerond deze week: ${c.completed}`,
    ],
    attached: 'Het rapport van deze week zit in de bijlage.',
    kinds: {
      'reminder-due-soon': {
        subject: (v) => `${v.courseTitle} moet af zijn op ${v.dueDate}`,
        body: (v) => [
          `Je training ${v.courseTitle} in ${v.groupName} moet binnen een week af zijn, op ${v.dueDate}.`,
        ],
      },
      'reminder-due-tomorrow': {
        subject: (v) => `${v.courseTitle} moet morgen af zijn`,
        body: (v) => [`Je training ${v.courseTitle} in ${v.groupName} moet af zijn op ${v.dueDate}.`],
      },
      'reminder-overdue': {
        subject: (v) => `${v.courseTitle} is te laat`,
        body: (v) => [
          `Je training ${v.courseTitle} in ${v.groupName} moest af zijn op ${v.dueDate} en is nog niet afgerond.`,
        ],
      },
      'manager-new-request': {
        subject: (v) => `Nieuwe aanvraag: ${v.learnerName} voor ${v.courseTitle}`,
        body: (v) => [`${v.learnerName} vraagt een plaats in ${v.courseTitle} in ${v.groupName}.`],
      },
      'manager-request-digest': {
        subject: (v) => `${v.lines?.length ?? 0} nieuwe aanvragen in je groepen`,
        body: () => ['Deze aanvragen kwamen binnen in je groepen sinds het vorige overzicht:'],
      },
      'manager-weekly-digest': {
        subject: (v) => `Je groepen deze week (${v.week})`,
        body: (v) => [`Je groepen (${(v.lines ?? []).join(', ')}) deze week:`],
      },
    },
  },
};

/**
 * One notification email in one language. Every variable is escaped in the HTML body; the opt-out link
 * closes every email, in text and HTML.
 */
export const renderNotificationEmail = (
  kind: NotificationKind,
  language: EmailLanguage,
  v: NotificationVariables
): RenderedNotification => {
  const catalogue = CATALOGUES[language];
  const words = catalogue.kinds[kind];
  const list =
    kind === 'manager-request-digest' ? (v.lines ?? []) : v.counts ? catalogue.counts(v.counts) : [];
  const paragraphs = [
    catalogue.greeting(v.name),
    ...words.body(v),
    ...(v.attached ? [catalogue.attached] : []),
  ];
  const optOut = catalogue.optOut[topicOf(kind)];
  const text = [
    ...paragraphs.slice(0, 2),
    ...(list.length ? [list.map((line) => `- ${line}`).join('\n')] : []),
    ...paragraphs.slice(2),
    `${optOut}: ${v.optOutUrl}`,
  ].join('\n\n');
  const escaped = (p: string) => `<p>${escapeHtml(p)}</p>`;
  const html = [
    ...paragraphs.slice(0, 2).map(escaped),
    ...(list.length ? [`<ul>${list.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`] : []),
    ...paragraphs.slice(2).map(escaped),
    `<p><a href="${escapeHtml(v.optOutUrl)}">${escapeHtml(optOut)}</a></p>`,
  ].join('\n');
  return { subject: words.subject(v), text, html };
};
