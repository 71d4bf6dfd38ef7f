/**
 * The emails a learner receives when a manager decides on their enrollment: which change sends which email,
 * and each email's default words in English and Dutch, as templates (./email-template.ts) the site owner may
 * override in Settings. The outbox renders a stored message when it sends it, so a corrected text applies to
 * mail still waiting.
 */
import { escapeHtml, renderEmail, type TemplateSource, type TemplateVariable } from './email-template';
import type { EnrollmentState } from './enrollment-status';

export { escapeHtml };

export const EMAIL_LANGUAGES = ['en', 'nl'] as const;
export type EmailLanguage = (typeof EMAIL_LANGUAGES)[number];

export const DECISION_KINDS = [
  'enrollment-approved',
  'enrollment-rejected',
  'enrollment-waitlisted',
  'enrollment-promoted',
  'enrollment-unenrolled',
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/**
 * The email a change from `from` to `to` sends the learner, or null for changes the learner made or needs
 * no word about (a withdrawn request, a re-request, a completion).
 */
export const decisionKind = (from: EnrollmentState, to: EnrollmentState): DecisionKind | null => {
  if (from === to) return null;
  switch (to) {
    case 'approved':
      return from === 'waitlisted' ? 'enrollment-promoted' : 'enrollment-approved';
    case 'rejected':
      return 'enrollment-rejected';
    case 'waitlisted':
      return 'enrollment-waitlisted';
    case 'cancelled':
      return from === 'approved' ? 'enrollment-unenrolled' : null;
    default:
      return null;
  }
};

/** The language the plugin has words for in a locale (`nl-BE` → `nl`), or null. */
export const supportedLanguage = (locale: string | null | undefined): EmailLanguage | null => {
  const base = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (EMAIL_LANGUAGES as readonly string[]).includes(base) ? (base as EmailLanguage) : null;
};

/** The learner's own language when the plugin has words for it, else the site's default. */
export const emailLanguage = (locale: string | null | undefined, fallback: EmailLanguage): EmailLanguage =>
  supportedLanguage(locale) ?? fallback;

export interface DecisionVariables {
  learnerName: string;
  groupName: string;
  courseTitle: string;
  /** The manager's reason, when they gave one. */
  reason: string | null;
}

/** The variables every decision email offers its template. */
export const DECISION_VARIABLES: readonly TemplateVariable[] = [
  { name: 'learnerName' },
  { name: 'groupName' },
  { name: 'courseTitle' },
  { name: 'reason' },
];

const withReason = (greeting: string, body: string, reason: string) =>
  `${greeting} {{learnerName}},\n\n${body}{{#if reason}}\n\n${reason} {{reason}}{{/if}}`;
const en = (subject: string, body: string): TemplateSource => ({
  subject,
  body: withReason('Hello', body, 'Reason given:'),
});
const nl = (subject: string, body: string): TemplateSource => ({
  subject,
  body: withReason('Hallo', body, 'Opgegeven reden:'),
});

/** The words of each decision email until the site owner writes their own. */
export const DECISION_TEMPLATES: Record<DecisionKind, Record<EmailLanguage, TemplateSource>> = {
  'enrollment-approved': {
    en: en(
      'You have a place in {{courseTitle}}',
      'Your request for {{courseTitle}} in {{groupName}} has been approved.'
    ),
    nl: nl(
      'Je hebt een plaats in {{courseTitle}}',
      'Je aanvraag voor {{courseTitle}} in {{groupName}} is goedgekeurd.'
    ),
  },
  'enrollment-rejected': {
    en: en(
      'Your request for {{courseTitle}} was not approved',
      'Your request for {{courseTitle}} in {{groupName}} has been rejected.'
    ),
    nl: nl(
      'Je aanvraag voor {{courseTitle}} is niet goedgekeurd',
      'Je aanvraag voor {{courseTitle}} in {{groupName}} is afgewezen.'
    ),
  },
  'enrollment-waitlisted': {
    en: en(
      'You are on the waitlist for {{courseTitle}}',
      '{{groupName}} has no seat left in {{courseTitle}}, so your request is on the waitlist.\n\nWe will write to you when a place is yours.'
    ),
    nl: nl(
      'Je staat op de wachtlijst voor {{courseTitle}}',
      '{{groupName}} heeft geen plaats meer in {{courseTitle}}; je aanvraag staat op de wachtlijst.\n\nWe laten het je weten zodra er een plaats voor je is.'
    ),
  },
  'enrollment-promoted': {
    en: en(
      'A place in {{courseTitle}} is yours',
      'A seat came free in {{groupName}}: you now have a place in {{courseTitle}}.'
    ),
    nl: nl(
      'Er is een plaats voor je in {{courseTitle}}',
      'Er is een plaats vrijgekomen in {{groupName}}: je hebt nu een plaats in {{courseTitle}}.'
    ),
  },
  'enrollment-unenrolled': {
    en: en(
      'You are no longer enrolled in {{courseTitle}}',
      'Your place in {{courseTitle}} in {{groupName}} has been cancelled.'
    ),
    nl: nl(
      'Je bent niet meer ingeschreven voor {{courseTitle}}',
      'Je plaats in {{courseTitle}} in {{groupName}} is geannuleerd.'
    ),
  },
};

/**
 * One decision email in its default words. Each variable goes into the HTML body escaped, so a reason that
 * looks like markup arrives as the text the manager typed.
 */
export const renderDecisionEmail = (
  kind: DecisionKind,
  language: EmailLanguage,
  variables: DecisionVariables
) => renderEmail(DECISION_TEMPLATES[kind][language], DECISION_VARIABLES, { ...variables });
