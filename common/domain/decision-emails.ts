/**
 * The emails a learner receives when a manager decides on their enrollment: which change sends which email,
 * and each email's words in English and Dutch. Plain values in and out; the outbox renders a stored message
 * with `renderDecisionEmail` when it sends it, so a corrected text applies to mail still waiting.
 */
import type { EnrollmentState } from './enrollment-status';

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

export interface RenderedDecision {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside HTML elements and attribute values. */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

interface Words {
  subject: (v: DecisionVariables) => string;
  /** Paragraphs of the body, before the reason. */
  body: (v: DecisionVariables) => string[];
}

type Catalogue = { greeting: (name: string) => string; reason: string; kinds: Record<DecisionKind, Words> };

const CATALOGUES: Record<EmailLanguage, Catalogue> = {
  en: {
    greeting: (name) => `Hello ${name},`,
    reason: 'Reason given:',
    kinds: {
      'enrollment-approved': {
        subject: (v) => `You have a place in ${v.courseTitle}`,
        body: (v) => [`Your request for ${v.courseTitle} in ${v.groupName} has been approved.`],
      },
      'enrollment-rejected': {
        subject: (v) => `Your request for ${v.courseTitle} was not approved`,
        body: (v) => [`Your request for ${v.courseTitle} in ${v.groupName} has been rejected.`],
      },
      'enrollment-waitlisted': {
        subject: (v) => `You are on the waitlist for ${v.courseTitle}`,
        body: (v) => [
          `${v.groupName} has no seat left in ${v.courseTitle}, so your request is on the waitlist.`,
          'We will write to you when a place is yours.',
        ],
      },
      'enrollment-promoted': {
        subject: (v) => `A place in ${v.courseTitle} is yours`,
        body: (v) => [`A seat came free in ${v.groupName}: you now have a place in ${v.courseTitle}.`],
      },
      'enrollment-unenrolled': {
        subject: (v) => `You are no longer enrolled in ${v.courseTitle}`,
        body: (v) => [`Your place in ${v.courseTitle} in ${v.groupName} has been cancelled.`],
      },
    },
  },
  nl: {
    greeting: (name) => `Hallo ${name},`,
    reason: 'Opgegeven reden:',
    kinds: {
      'enrollment-approved': {
        subject: (v) => `Je hebt een plaats in ${v.courseTitle}`,
        body: (v) => [`Je aanvraag voor ${v.courseTitle} in ${v.groupName} is goedgekeurd.`],
      },
      'enrollment-rejected': {
        subject: (v) => `Je aanvraag voor ${v.courseTitle} is niet goedgekeurd`,
        body: (v) => [`Je aanvraag voor ${v.courseTitle} in ${v.groupName} is afgewezen.`],
      },
      'enrollment-waitlisted': {
        subject: (v) => `Je staat op de wachtlijst voor ${v.courseTitle}`,
        body: (v) => [
          `${v.groupName} heeft geen plaats meer in ${v.courseTitle}; je aanvraag staat op de wachtlijst.`,
          'We laten het je weten zodra er een plaats voor je is.',
        ],
      },
      'enrollment-promoted': {
        subject: (v) => `Er is een plaats voor je in ${v.courseTitle}`,
        body: (v) => [
          `Er is een plaats vrijgekomen in ${v.groupName}: je hebt nu een plaats in ${v.courseTitle}.`,
        ],
      },
      'enrollment-unenrolled': {
        subject: (v) => `Je bent niet meer ingeschreven voor ${v.courseTitle}`,
        body: (v) => [`Je plaats in ${v.courseTitle} in ${v.groupName} is geannuleerd.`],
      },
    },
  },
};

/**
 * One decision email in one language. Each variable goes into the HTML body escaped, so a reason that looks
 * like markup arrives as the text the manager typed.
 */
export const renderDecisionEmail = (
  kind: DecisionKind,
  language: EmailLanguage,
  variables: DecisionVariables
): RenderedDecision => {
  const catalogue = CATALOGUES[language];
  const words = catalogue.kinds[kind];
  const safe: DecisionVariables = {
    learnerName: escapeHtml(variables.learnerName),
    groupName: escapeHtml(variables.groupName),
    courseTitle: escapeHtml(variables.courseTitle),
    reason: variables.reason === null ? null : escapeHtml(variables.reason),
  };
  const paragraphs = (v: DecisionVariables) => [
    catalogue.greeting(v.learnerName),
    ...words.body(v),
    ...(v.reason ? [`${catalogue.reason} ${v.reason}`] : []),
  ];
  return {
    subject: words.subject(variables),
    text: paragraphs(variables).join('\n\n'),
    html: paragraphs(safe)
      .map((p) => `<p>${p}</p>`)
      .join('\n'),
  };
};
