/**
 * Settings → Groups: the plugin options a site owner may change while the site runs, and the email templates.
 * Each option's default is the plugin config (config/plugins); a saved value overrides it until reset.
 */
import { z } from 'zod';
import { COURSE_EDIT_RULES } from '../domain/course-sharing';
import { EMAIL_LANGUAGES, type EmailLanguage } from '../domain/decision-emails';
import { THRESHOLD_LIMITS } from '../domain/enrollment-flags';
import type { RenderedEmail } from '../domain/email-template';
import { ENROLLMENT_POLICIES } from './group-setup';
import { withoutControlCharacters } from './shared';

const whole = (key: keyof typeof THRESHOLD_LIMITS) => {
  const { min, max, unit } = THRESHOLD_LIMITS[key];
  const message = `must be a whole number of ${unit} from ${min} to ${max}`;
  return z.number({ invalid_type_error: message }).int(message).min(min, message).max(max, message);
};

export const MESSAGES_PER_HOUR_MAX = 100_000;

/** Every option, as it applies now. */
export const settingsSchema = z
  .object({
    /** Refuse approvals past the seat limit instead of waitlisting them. */
    strictSeatLimit: z.boolean({ invalid_type_error: 'must be true or false' }),
    messagesPerHour: z
      .number({ invalid_type_error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MESSAGES_PER_HOUR_MAX, `must be at most ${MESSAGES_PER_HOUR_MAX}`),
    /** null switches invitations off. */
    invitationUrl: z
      .string()
      .trim()
      .max(2000, 'must be at most 2000 characters')
      .url('must be a full address such as https://example.com/confirm-invitation')
      .refine((url) => /^https?:\/\//i.test(url), 'must start with http:// or https://')
      .nullable(),
    defaultLanguage: z.enum(EMAIL_LANGUAGES, {
      errorMap: () => ({ message: `must be one of ${EMAIL_LANGUAGES.join(', ')}` }),
    }),
    dueSoonDays: whole('dueSoonDays'),
    notStartedDays: whole('notStartedDays'),
    atRiskMargin: whole('atRiskMargin'),
    /** A shared course's edit right: needed in every group using the course, or in any one of them. */
    courseEditRule: z.enum(COURSE_EDIT_RULES, {
      errorMap: () => ({ message: `must be one of ${COURSE_EDIT_RULES.join(', ')}` }),
    }),
    /** What a new group does when a learner asks, unless its creator chooses otherwise. */
    defaultEnrollmentPolicy: z.enum(ENROLLMENT_POLICIES, {
      errorMap: () => ({ message: `must be one of ${ENROLLMENT_POLICIES.join(', ')}` }),
    }),
  })
  .strict();

export type GroupsSettings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof GroupsSettings;
export const SETTING_KEYS = Object.keys(settingsSchema.shape) as SettingKey[];

/** The values that differ from the config file; a key left out follows the config again. */
export const settingsOverridesSchema = settingsSchema.partial().strict();
export type SettingsOverrides = z.infer<typeof settingsOverridesSchema>;

export const putSettingsBodySchema = z.object({ overrides: settingsOverridesSchema }).strict();
export type PutSettingsBody = z.infer<typeof putSettingsBodySchema>;

export interface SettingsView {
  /** What applies now. */
  values: GroupsSettings;
  /** What the config file says. */
  defaults: GroupsSettings;
  /** Keys whose value was set in Settings. */
  overridden: SettingKey[];
}
export interface SettingsResponse {
  data: SettingsView;
}

/* Email templates */

export const templateParamsSchema = z
  .object({
    kind: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'is not an email kind'),
    language: z.enum(EMAIL_LANGUAGES, {
      errorMap: () => ({ message: `must be one of ${EMAIL_LANGUAGES.join(', ')}` }),
    }),
  })
  .strict();

export const TEMPLATE_LIMITS = { subject: 300, body: 20_000 } as const;

/** A subject and body as the site owner writes them; the syntax is checked by the server against the kind. */
export const templateBodySchema = z
  .object({
    subject: withoutControlCharacters(z.string().trim(), 'single-line').max(
      TEMPLATE_LIMITS.subject,
      `must be at most ${TEMPLATE_LIMITS.subject} characters`
    ),
    body: withoutControlCharacters(z.string(), 'multi-line')
      .max(TEMPLATE_LIMITS.body, `must be at most ${TEMPLATE_LIMITS.body} characters`)
      .refine((body) => body.trim().length > 0, 'must not be empty'),
  })
  .strict();
export type TemplateBody = z.infer<typeof templateBodySchema>;

type Words = Record<EmailLanguage, string>;

export interface EmailTemplateView {
  subject: string;
  body: string;
  /** The plugin's own words, shown beside the site owner's and restored by a reset. */
  defaults: TemplateBody;
  overridden: boolean;
  updatedAt: string | null;
}

export interface EmailKindView {
  kind: string;
  title: Words;
  /** When the email is sent, in a sentence. */
  description: Words;
  /** False for a part of an email (a footer) that has no subject of its own. */
  hasSubject: boolean;
  variables: Array<{ name: string; description: Words; link: boolean }>;
  templates: Record<EmailLanguage, EmailTemplateView>;
}

export interface ListTemplatesResponse {
  data: EmailKindView[];
}
export interface TemplateResponse {
  data: EmailKindView;
}
export interface PreviewTemplateResponse {
  data: RenderedEmail;
}
export interface TestTemplateResponse {
  data: { to: string };
}
