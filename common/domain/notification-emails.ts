/**
 * The scheduled and manager emails: reminders to learners before and after a due date, new-request alerts
 * and digests to managers. Which enrollment is reminded when (pure windows at `now`), what a person may turn
 * off, the defaults, and each email's default words in English and Dutch as templates (./email-template.ts)
 * the site owner may override in Settings → Groups → Email templates. Decision emails live in
 * decision-emails.ts and are always sent; everything here carries an opt-out link.
 *
 * The template syntax has no loops, so a list (a digest's requests, its overdue learners) reaches a
 * template as one block variable: one line per item, each starting with "- ", already cut to its first
 * lines. Like every variable it is escaped in the HTML part, where its line breaks become `<br>`.
 */
import { w, type EmailKindDefinition, type EmailKindVariable, type Words } from './email-kinds';

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

/** The most items a list variable of a digest holds; the workspace shows the rest. */
export const LIST_LINES = 50;

/** A list variable: one line per item, "- " first; a note of how many more when cut. */
export const listBlock = (items: readonly string[], more = 0): string =>
  [
    ...items.map((item) => `- ${item.replace(/\s*[\r\n]+\s*/g, ' ')}`),
    ...(more > 0 ? [`- … (+${more})`] : []),
  ].join('\n');

const v = (name: string, description: Words, sample: string, link = false): EmailKindVariable => ({
  name,
  description,
  sample,
  ...(link ? { link } : {}),
});

const SAMPLE_OPT_OUT = 'https://example.com/api/groups/notifications/opt-out?token=sample';

const optOutLink = v(
  'optOutLink',
  w(
    'The link that turns this kind of email off for the recipient, without a login',
    'De link waarmee de ontvanger dit soort e-mail uitzet, zonder in te loggen'
  ),
  SAMPLE_OPT_OUT,
  true
);
const learnerName = v(
  'learnerName',
  w("The learner's user name", 'De gebruikersnaam van de cursist'),
  'Eva de Jong'
);
const managerName = v(
  'managerName',
  w(
    "The manager's first name (else user name or email)",
    'De voornaam van de manager (anders gebruikersnaam of e-mail)'
  ),
  'Anna'
);
const courseTitle = v('courseTitle', w("The course's title", 'De titel van de cursus'), 'Safe lifting');
const groupName = v('groupName', w("The group's name", 'De naam van de groep'), 'Amsterdam nursing team');
const dueDate = v(
  'dueDate',
  w('The due date, a calendar day (2026-12-07)', 'De uiterste datum, een kalenderdag (2026-12-07)'),
  '2026-12-07'
);
const LIST_NOTE = w(
  'a list: one line per item starting with "- "; put it on lines of its own',
  'een lijst: één regel per item, beginnend met "- "; zet hem op eigen regels'
);
const listVariable = (name: string, what: Words, sample: string[]) =>
  v(name, w(`${what.en} (${LIST_NOTE.en})`, `${what.nl} (${LIST_NOTE.nl})`), listBlock(sample));

const REMINDER_VARIABLES = [learnerName, courseTitle, groupName, dueDate, optOutLink];

const reminder = (
  kind: ReminderKind,
  title: Words,
  description: Words,
  en: { subject: string; line: string },
  nl: { subject: string; line: string }
): EmailKindDefinition => ({
  kind,
  title,
  description,
  variables: REMINDER_VARIABLES,
  defaults: {
    en: {
      subject: en.subject,
      body: `Hello {{learnerName}},\n\n${en.line}\n\nStop these reminders: {{optOutLink}}`,
    },
    nl: {
      subject: nl.subject,
      body: `Hallo {{learnerName}},\n\n${nl.line}\n\nGeen herinneringen meer: {{optOutLink}}`,
    },
  },
});

const requestLines = [
  'Eva de Jong — Safe lifting (Amsterdam nursing team)',
  'Sam Visser — Hand hygiene (Amsterdam nursing team › Night shift)',
];

/** The reminders and manager emails, in the order the editor lists them after the decision emails. */
export const NOTIFICATION_EMAIL_KINDS: readonly EmailKindDefinition[] = [
  reminder(
    'reminder-due-soon',
    w('Reminder: due within a week', 'Herinnering: binnen een week af'),
    w(
      'To the learner once, 7 days before an approved enrollment is due.',
      'Aan de cursist, één keer, 7 dagen voordat een goedgekeurde inschrijving af moet zijn.'
    ),
    {
      subject: '{{courseTitle}} is due on {{dueDate}}',
      line: 'Your training {{courseTitle}} in {{groupName}} is due on {{dueDate}}, within a week.',
    },
    {
      subject: '{{courseTitle}} moet af zijn op {{dueDate}}',
      line: 'Je training {{courseTitle}} in {{groupName}} moet binnen een week af zijn, op {{dueDate}}.',
    }
  ),
  reminder(
    'reminder-due-tomorrow',
    w('Reminder: due tomorrow', 'Herinnering: morgen af'),
    w(
      'To the learner once, the day before an approved enrollment is due.',
      'Aan de cursist, één keer, de dag voordat een goedgekeurde inschrijving af moet zijn.'
    ),
    {
      subject: '{{courseTitle}} is due tomorrow',
      line: 'Your training {{courseTitle}} in {{groupName}} is due on {{dueDate}}.',
    },
    {
      subject: '{{courseTitle}} moet morgen af zijn',
      line: 'Je training {{courseTitle}} in {{groupName}} moet af zijn op {{dueDate}}.',
    }
  ),
  reminder(
    'reminder-overdue',
    w('Reminder: overdue', 'Herinnering: te laat'),
    w(
      'To the learner once a week while an approved enrollment is past its due date and not completed.',
      'Aan de cursist, één keer per week, zolang een goedgekeurde inschrijving over de uiterste datum is en niet afgerond.'
    ),
    {
      subject: '{{courseTitle}} is overdue',
      line: 'Your training {{courseTitle}} in {{groupName}} was due on {{dueDate}} and is not completed yet.',
    },
    {
      subject: '{{courseTitle}} is te laat',
      line: 'Je training {{courseTitle}} in {{groupName}} moest af zijn op {{dueDate}} en is nog niet afgerond.',
    }
  ),
  {
    kind: 'manager-new-request',
    title: w('New request', 'Nieuwe aanvraag'),
    description: w(
      'At once to each manager who holds "manage enrollments" in the group (or in a parent group whose link includes sub-groups) and wants new requests one by one.',
      'Meteen aan elke manager met "inschrijvingen beheren" in de groep (of in een bovenliggende groep waarvan de koppeling subgroepen omvat) die nieuwe aanvragen één voor één wil.'
    ),
    variables: [managerName, learnerName, courseTitle, groupName, optOutLink],
    defaults: {
      en: {
        subject: 'New request: {{learnerName}} for {{courseTitle}}',
        body: 'Hello {{managerName}},\n\n{{learnerName}} asks for a place in {{courseTitle}} in {{groupName}}.\n\nStop emails about new requests: {{optOutLink}}',
      },
      nl: {
        subject: 'Nieuwe aanvraag: {{learnerName}} voor {{courseTitle}}',
        body: 'Hallo {{managerName}},\n\n{{learnerName}} vraagt een plaats in {{courseTitle}} in {{groupName}}.\n\nGeen e-mails meer over nieuwe aanvragen: {{optOutLink}}',
      },
    },
  },
  {
    kind: 'manager-request-digest',
    title: w('Daily digest of new requests', 'Dagelijks overzicht van nieuwe aanvragen'),
    description: w(
      'Once a day to each manager who chose the daily digest for new requests, when requests arrived in their groups.',
      'Eén keer per dag aan elke manager die voor nieuwe aanvragen het dagelijkse overzicht koos, als er aanvragen binnenkwamen in de groepen.'
    ),
    variables: [
      managerName,
      v('requestCount', w('How many requests arrived', 'Hoeveel aanvragen er binnenkwamen'), '2'),
      listVariable(
        'requestList',
        w('The requests: learner — course (group)', 'De aanvragen: cursist — cursus (groep)'),
        requestLines
      ),
      optOutLink,
    ],
    defaults: {
      en: {
        subject: '{{requestCount}} new requests in your groups',
        body: 'Hello {{managerName}},\n\nThese requests arrived in your groups since the last digest:\n\n{{requestList}}\n\nStop emails about new requests: {{optOutLink}}',
      },
      nl: {
        subject: '{{requestCount}} nieuwe aanvragen in je groepen',
        body: 'Hallo {{managerName}},\n\nDeze aanvragen kwamen binnen in je groepen sinds het vorige overzicht:\n\n{{requestList}}\n\nGeen e-mails meer over nieuwe aanvragen: {{optOutLink}}',
      },
    },
  },
  {
    kind: 'manager-weekly-digest',
    title: w('Weekly digest', 'Weekoverzicht'),
    description: w(
      "Once a week to each manager who keeps it on: their groups only, with that week's report attached when they may export reports.",
      'Eén keer per week aan elke manager die het aan laat: alleen de eigen groepen, met het rapport van die week als bijlage als de manager rapporten mag exporteren.'
    ),
    variables: [
      managerName,
      v('week', w('The week, e.g. 2026-W49', 'De week, bijvoorbeeld 2026-W49'), '2026-W49'),
      v('from', w('The first day of the week', 'De eerste dag van de week'), '2026-11-30'),
      v('to', w('The last day of the week', 'De laatste dag van de week'), '2026-12-06'),
      v(
        'groupNames',
        w('The names of the groups, separated by commas', 'De namen van de groepen, gescheiden door komma’s'),
        'Amsterdam nursing team, Night shift'
      ),
      v(
        'requestsWaiting',
        w('Requests waiting for a decision now', 'Aanvragen die nu op een besluit wachten'),
        '2'
      ),
      v('overdueCount', w('Learners overdue now', 'Deelnemers die nu te laat zijn'), '1'),
      v('atRiskCount', w('Learners at risk now', 'Deelnemers die nu risico lopen'), '3'),
      v('completedCount', w('Completions in the week', 'Afgerond in de week'), '5'),
      listVariable(
        'waitingList',
        w(
          'The requests waiting: learner — course (group)',
          'De wachtende aanvragen: cursist — cursus (groep)'
        ),
        requestLines
      ),
      listVariable(
        'overdueList',
        w(
          'The overdue learners: learner — course (group), due date',
          'De deelnemers die te laat zijn: cursist — cursus (groep), uiterste datum'
        ),
        ['Noah Bakker — Safe lifting (Amsterdam nursing team), 2026-11-20']
      ),
      listVariable(
        'atRiskList',
        w(
          'The learners at risk: learner — course (group), due date',
          'De deelnemers met risico: cursist — cursus (groep), uiterste datum'
        ),
        ['Emma de Vries — Safe lifting (Night shift), 2026-12-10']
      ),
      v(
        'atRiskLink',
        w(
          'The Enrollments page showing every learner at risk',
          'De pagina Inschrijvingen met alle deelnemers met risico'
        ),
        'https://example.com/admin/plugins/groups/enrollments?flag=atRisk'
      ),
      v(
        'reportAttached',
        w(
          'Not empty when the report of the week is attached (use it in {{#if reportAttached}})',
          'Niet leeg als het rapport van de week is bijgevoegd (gebruik het in {{#if reportAttached}})'
        ),
        'yes'
      ),
      optOutLink,
    ],
    defaults: {
      en: {
        subject: 'Your groups this week ({{week}})',
        body: "Hello {{managerName}},\n\nYour groups ({{groupNames}}) this week, {{from}} to {{to}}:\n\nRequests waiting: {{requestsWaiting}}\nOverdue learners: {{overdueCount}}\nAt-risk learners: {{atRiskCount}}\nCompletions this week: {{completedCount}}{{#if waitingList}}\n\nRequests waiting for your decision:\n{{waitingList}}{{/if}}{{#if overdueList}}\n\nOverdue learners:\n{{overdueList}}{{/if}}{{#if atRiskList}}\n\nAt-risk learners:\n{{atRiskList}}\nAll of them: {{atRiskLink}}{{/if}}{{#if reportAttached}}\n\nThis week's report is attached.{{/if}}\n\nStop the weekly digest: {{optOutLink}}",
      },
      nl: {
        subject: 'Je groepen deze week ({{week}})',
        body: 'Hallo {{managerName}},\n\nJe groepen ({{groupNames}}) deze week, {{from}} tot en met {{to}}:\n\nWachtende aanvragen: {{requestsWaiting}}\nDeelnemers te laat: {{overdueCount}}\nDeelnemers met risico: {{atRiskCount}}\nAfgerond deze week: {{completedCount}}{{#if waitingList}}\n\nAanvragen die op je besluit wachten:\n{{waitingList}}{{/if}}{{#if overdueList}}\n\nDeelnemers die te laat zijn:\n{{overdueList}}{{/if}}{{#if atRiskList}}\n\nDeelnemers met risico:\n{{atRiskList}}\nAllemaal: {{atRiskLink}}{{/if}}{{#if reportAttached}}\n\nHet rapport van deze week zit in de bijlage.{{/if}}\n\nGeen weekoverzicht meer: {{optOutLink}}',
      },
    },
  },
];
