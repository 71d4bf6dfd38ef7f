import { z } from 'zod';
import {
  DEFAULT_FLAG_THRESHOLDS,
  flagThresholdsProblem,
  type FlagThresholds,
} from '../../../common/domain/enrollment-flags';
import { EMAIL_LANGUAGES } from '../../../common/domain/decision-emails';
import { isTimeZone } from '../../../common/domain/period';
import { DEFAULT_MAX_GROUP_DEPTH } from '../../../common/domain/group-tree';
import { COURSE_EDIT_RULES, DEFAULT_COURSE_EDIT_RULE } from '../../../common/domain/course-sharing';
import { ENROLLMENT_POLICIES } from '../../../common/contracts/group-setup';

export const pluginConfigSchema = z
  .object({
    /** The site's own course content type, e.g. `api::course.course`. */
    courseContentType: z
      .string()
      .regex(
        /^(api|plugin)::[a-z0-9-]+\.[a-z0-9-]+$/,
        'courseContentType must be a content type uid such as "api::course.course"'
      ),
    /** The attribute of the course type shown as its title in reports and exports. */
    courseTitleField: z.string().min(1),
    /** Create the "Group Manager" and "Group Course Editor" admin roles at bootstrap. */
    createDefaultRoles: z.boolean(),
    /** Refuse approvals past the seat limit instead of waitlisting them. */
    strictSeatLimit: z.boolean(),
    /** The most emails one manager may send to members in one hour. */
    messagesPerHour: z.number().int().positive(),
    /** Where invited learners land to confirm their account (the site's front end). */
    invitationUrl: z.string().url().nullable(),
    /** When an enrollment is due soon, not started or at risk; the domain module checks the values. */
    flagThresholds: z.custom<FlagThresholds>(
      (value) => flagThresholdsProblem(value) === null,
      (value) => ({ message: flagThresholdsProblem(value) ?? '' })
    ),
    /** The language of a learner's emails when their account keeps no `locale` the plugin has words for. */
    defaultLanguage: z.enum(EMAIL_LANGUAGES),
    /** How the email outbox sends: see "Email delivery" in the README. */
    emailDelivery: z
      .object({
        /** Milliseconds between two drains of the outbox on each node; 0 turns this node's worker off. */
        workerIntervalMs: z.number().int().min(0),
        /** Rows one claim takes and sends at once. */
        batchSize: z.number().int().min(1).max(500),
        /** Attempts before a message is marked failed. */
        maxAttempts: z.number().int().min(1).max(100),
        /** The wait after the first failed attempt; it doubles after each further one (at most a day). */
        backoffBaseMs: z.number().int().min(0),
        /** How long a claimed row is a node's own; longer than the slowest send, or it may go out twice. */
        leaseMs: z.number().int().min(1000),
      })
      .strict(),
    /** Reminders and digests: see "Notifications" in the README. */
    notifications: z
      .object({
        /** Where a day and a week begin for reminders and digests, e.g. Europe/Amsterdam. */
        timeZone: z.string().refine(isTimeZone, 'must be a time zone such as Europe/Amsterdam'),
        /** When the reminder and digest jobs tick (each runs once per day or week, at its first tick). */
        cronRule: z
          .string()
          .regex(/^\S+( \S+){4,5}$/, 'must be a cron rule such as "0 5 * * * *" (every hour at minute 5)'),
      })
      .strict(),
    /** How many levels groups nest, a root group counting as one (sub-groups: see the README). */
    maxGroupDepth: z.number().int().min(1).max(20),
    /** A shared course's edit right: needed in every group using the course, or in any one of them. */
    courseEditRule: z.enum(COURSE_EDIT_RULES),
    /** What a new group does when a learner asks, unless its creator chooses otherwise. */
    defaultEnrollmentPolicy: z.enum(ENROLLMENT_POLICIES),
    /**
     * Attributes of the site's users-permissions users shown as columns (and filters) of the Enrollments
     * and Reports pages and of the export; checked against the user's schema when Strapi starts.
     */
    reportUserFields: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must list attribute names such as "department"'))
      .max(20, 'must list at most 20 attributes'),
    /** Whether managers with the members right in a group may edit its membership rule (else only Super Admins). */
    managersMayEditRules: z.boolean(),
    /** Join attempts (right or wrong) a learner, and an address, may make per window; see "Join codes" in the README. */
    joinCodeAttempts: z
      .object({
        perUser: z.number().int().min(1),
        perAddress: z.number().int().min(1),
        windowMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60),
      })
      .strict(),
    /**
     * How many Excel exports run at once on this node, how many more wait their turn and for how long; see
     * "Exports at once" in the README. Per node, not per site: what an export holds (a worker thread's
     * memory, on PostgreSQL a connection outside Strapi's pool) is the node's.
     */
    exportConcurrency: z
      .object({
        running: z.number().int().min(1).max(50),
        waiting: z.number().int().min(0).max(1000),
        waitSeconds: z
          .number()
          .int()
          .min(1)
          .max(10 * 60),
      })
      .strict(),
  })
  .strict();

export type PluginConfig = z.infer<typeof pluginConfigSchema>;

export const defaultConfig: PluginConfig = {
  courseContentType: 'api::course.course',
  courseTitleField: 'title',
  createDefaultRoles: true,
  strictSeatLimit: false,
  messagesPerHour: 500,
  invitationUrl: null,
  flagThresholds: { ...DEFAULT_FLAG_THRESHOLDS },
  defaultLanguage: 'en',
  emailDelivery: {
    workerIntervalMs: 5000,
    batchSize: 20,
    maxAttempts: 10,
    backoffBaseMs: 60_000,
    leaseMs: 15 * 60_000,
  },
  notifications: { timeZone: 'UTC', cronRule: '0 5 * * * *' },
  maxGroupDepth: DEFAULT_MAX_GROUP_DEPTH,
  courseEditRule: DEFAULT_COURSE_EDIT_RULE,
  defaultEnrollmentPolicy: 'approval',
  joinCodeAttempts: { perUser: 10, perAddress: 50, windowMinutes: 15 },
  exportConcurrency: { running: 3, waiting: 10, waitSeconds: 30 },
  reportUserFields: [],
  managersMayEditRules: false,
};

export const describeConfigError = (error: z.ZodError): string =>
  error.issues
    .map((issue) => {
      const where = issue.path.length
        ? `config/plugins groups.config.${issue.path.join('.')}`
        : 'config/plugins groups.config';
      if (issue.code !== 'unrecognized_keys') return `${where}: ${issue.message}.`;
      // The options known where the unknown one is: the plugin's, or those of the object it is in.
      const known = issue.path.reduce<unknown>(
        (at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined),
        defaultConfig
      );
      const names = Object.keys(known && typeof known === 'object' ? known : defaultConfig);
      return `${where}: unknown option(s) ${issue.keys.join(', ')}; known options are ${names.join(', ')}.`;
    })
    .join(' ');

export default {
  default: defaultConfig,
  validator(config: unknown) {
    const result = pluginConfigSchema.safeParse(config);
    if (!result.success) {
      throw new Error(`[groups] Invalid plugin configuration. ${describeConfigError(result.error)}`);
    }
  },
};
