/**
 * The registry entry of an email kind: what the site owner sees in Settings → Groups (title, when it is sent,
 * its variables with sample values for the preview) and its default words in every language. The plugin's
 * own kinds are listed here; other code registers more kinds through the email-templates service and they
 * appear in the editor by themselves.
 */
import {
  DECISION_KINDS,
  DECISION_TEMPLATES,
  DECISION_VARIABLES,
  type EmailLanguage,
} from './decision-emails';
import type { TemplateSource, TemplateVariable } from './email-template';

export type Words = Record<EmailLanguage, string>;

export interface EmailKindVariable extends TemplateVariable {
  description: Words;
  /** Shown in the preview and the test email. */
  sample: string;
}

export interface EmailKindDefinition {
  /** The template key, also the outbox row's `kind`: lowercase letters, digits and dashes. */
  kind: string;
  title: Words;
  /** When the email is sent. */
  description: Words;
  /** False for a part of an email (a footer) that has no subject of its own; true when left out. */
  hasSubject?: boolean;
  /** The only values the template can reach. */
  variables: readonly EmailKindVariable[];
  defaults: Record<EmailLanguage, TemplateSource>;
  /** Rows of this kind are written to the outbox and rendered when they are sent; true when left out. */
  outbox?: boolean;
}

/** Words in every language the plugin writes. */
export const w = (en: string, nl: string): Words => ({ en, nl });

const DECISION_VARIABLE_WORDS: Record<string, { description: Words; sample: string }> = {
  learnerName: {
    description: w("The learner's user name", 'De gebruikersnaam van de cursist'),
    sample: 'Eva de Jong',
  },
  groupName: { description: w("The group's name", 'De naam van de groep'), sample: 'Amsterdam nursing team' },
  courseTitle: { description: w("The course's title", 'De titel van de cursus'), sample: 'Safe lifting' },
  reason: {
    description: w('The reason the manager gave, if any', 'De reden die de manager gaf, als die er is'),
    sample: 'The course is for the night shift only.',
  },
};

const DECISION_WORDS: Record<(typeof DECISION_KINDS)[number], { title: Words; description: Words }> = {
  'enrollment-approved': {
    title: w('Request approved', 'Aanvraag goedgekeurd'),
    description: w(
      'To the learner when a manager approves their request.',
      'Aan de cursist als een manager de aanvraag goedkeurt.'
    ),
  },
  'enrollment-rejected': {
    title: w('Request rejected', 'Aanvraag afgewezen'),
    description: w(
      'To the learner when a manager rejects their request.',
      'Aan de cursist als een manager de aanvraag afwijst.'
    ),
  },
  'enrollment-waitlisted': {
    title: w('On the waitlist', 'Op de wachtlijst'),
    description: w(
      'To the learner when their request waits for a free seat.',
      'Aan de cursist als de aanvraag op een vrije plaats wacht.'
    ),
  },
  'enrollment-promoted': {
    title: w('Place from the waitlist', 'Plaats van de wachtlijst'),
    description: w(
      'To the learner when a seat frees and becomes theirs.',
      'Aan de cursist als er een plaats vrijkomt voor hem of haar.'
    ),
  },
  'enrollment-unenrolled': {
    title: w('Unenrolled', 'Uitgeschreven'),
    description: w(
      'To the learner when a manager cancels their place.',
      'Aan de cursist als een manager de plaats annuleert.'
    ),
  },
};

const decisionKinds: EmailKindDefinition[] = DECISION_KINDS.map((kind) => ({
  kind,
  ...DECISION_WORDS[kind],
  variables: DECISION_VARIABLES.map((v) => ({ ...v, ...DECISION_VARIABLE_WORDS[v.name] })),
  defaults: DECISION_TEMPLATES[kind],
}));

export const INVITATION_KIND = 'invitation';
export const MEMBER_MESSAGE_FOOTER_KIND = 'member-message-footer';

const invitation: EmailKindDefinition = {
  kind: INVITATION_KIND,
  title: w('Invitation', 'Uitnodiging'),
  description: w(
    'To a new member a manager invites: the link to confirm the account and choose a password.',
    'Aan een nieuw lid dat een manager uitnodigt: de link om het account te bevestigen en een wachtwoord te kiezen.'
  ),
  outbox: false,
  variables: [
    {
      name: 'inviterName',
      description: w('The manager who invites', 'De manager die uitnodigt'),
      sample: 'Anna de Vries',
    },
    {
      name: 'groupName',
      description: w("The group's name", 'De naam van de groep'),
      sample: 'Amsterdam nursing team',
    },
    {
      name: 'invitationLink',
      link: true,
      description: w('The link that accepts the invitation', 'De link die de uitnodiging aanneemt'),
      sample: 'https://example.com/confirm-invitation?token=sample',
    },
    {
      name: 'expiresOn',
      description: w('The last day the link works', 'De laatste dag dat de link werkt'),
      sample: '2026-12-14',
    },
  ],
  defaults: {
    en: {
      subject: 'You are invited to join {{groupName}}',
      body: '{{inviterName}} invited you to join the group "{{groupName}}".\n\nConfirm your account and choose a password here (the link works until {{expiresOn}}):\n{{invitationLink}}\n\nIf you did not expect this invitation, you can ignore this email.',
    },
    nl: {
      subject: 'Je bent uitgenodigd voor {{groupName}}',
      body: '{{inviterName}} nodigt je uit voor de groep "{{groupName}}".\n\nBevestig je account en kies hier een wachtwoord (de link werkt tot en met {{expiresOn}}):\n{{invitationLink}}\n\nVerwachtte je deze uitnodiging niet? Dan kun je deze e-mail negeren.',
    },
  },
};

const memberMessageFooter: EmailKindDefinition = {
  kind: MEMBER_MESSAGE_FOOTER_KIND,
  title: w('Footer of member messages', 'Voettekst van berichten aan leden'),
  description: w(
    "Under every message a manager sends to their group's members.",
    'Onder elk bericht dat een manager aan de leden van de groep stuurt.'
  ),
  hasSubject: false,
  outbox: false,
  variables: [
    {
      name: 'groupName',
      description: w("The group's name", 'De naam van de groep'),
      sample: 'Amsterdam nursing team',
    },
  ],
  defaults: {
    en: { subject: '', body: 'You receive this email as a member of the group "{{groupName}}".' },
    nl: { subject: '', body: 'Je ontvangt deze e-mail als lid van de groep "{{groupName}}".' },
  },
};

/** The plugin's own kinds, in the order the editor lists them. */
export const BUILT_IN_EMAIL_KINDS: readonly EmailKindDefinition[] = [
  ...decisionKinds,
  invitation,
  memberMessageFooter,
];
