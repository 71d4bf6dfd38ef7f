'use strict';

const path = require('path');

// The API tests pass a whole plugin config through GROUPS_TEST_CONFIG to check boot-time validation.
const testConfig = () => (process.env.GROUPS_TEST_CONFIG ? JSON.parse(process.env.GROUPS_TEST_CONFIG) : null);

module.exports = ({ env }) => ({
  // The plugin under development, loaded from the repository root.
  groups: {
    enabled: true,
    resolve: path.resolve(__dirname, '..', '..'),
    config: testConfig() ?? {
      courseContentType: 'api::course.course',
      messagesPerHour: env.int('GROUPS_MESSAGES_PER_HOUR', 500),
      // The API tests turn the email worker off (tests/helpers/strapi.ts): a test drains the outbox itself.
      emailDelivery: { workerIntervalMs: env.int('GROUPS_WORKER_INTERVAL_MS', 5000) },
      invitationUrl: env('GROUPS_INVITATION_URL', 'http://localhost:1337/confirm-invitation'),
      // Reminders and digests tick hourly; the API tests set a rule that does not fire while they run.
      notifications: { cronRule: env('GROUPS_NOTIFICATION_CRON', '0 5 * * * *') },
      managersMayEditRules: env.bool('GROUPS_MANAGERS_MAY_EDIT_RULES', false),
      // The API tests show none unless a test asks (tests/helpers/strapi.ts); the demo shows the department.
      reportUserFields: env('GROUPS_REPORT_USER_FIELDS', 'department').split(',').filter(Boolean),
      joinCodeAttempts: {
        perUser: env.int('GROUPS_JOIN_PER_USER', 10),
        perAddress: env.int('GROUPS_JOIN_PER_ADDRESS', 50),
      },
    },
  },
  'users-permissions': {
    config: {
      // Demo value for the playground only.
      jwtSecret: env('JWT_SECRET', 'demo-playground-users-permissions-jwt-secret'),
    },
  },
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: {
        host: env('SMTP_HOST', '127.0.0.1'),
        port: env.int('SMTP_PORT', 2525),
        secure: false,
        ignoreTLS: true,
      },
      settings: {
        defaultFrom: env('EMAIL_FROM', 'groups@example.test'),
        defaultReplyTo: env('EMAIL_REPLY_TO', 'groups@example.test'),
      },
    },
  },
});
