import type { Core } from '@strapi/strapi';
import access from './access';
import contentManagerLayouts from './content-manager-layouts';
import courseSettings from './course-settings';
import decisionEmails from './decision-emails';
import defaultRoles from './default-roles';
import emailTemplates from './email-templates';
import enrollment from './enrollment';
import home from './home';
import groupTree from './group-tree';
import groupSetup from './group-setup';
import entryTitles from './entry-titles';
import invitations from './invitations';
import learner from './learner';
import learnerPage from './learner-page';
import learnerPermissions from './learner-permissions';
import lms from './lms';
import lookup from './lookup';
import memberMessages from './member-messages';
import notificationDigests from './notification-digests';
import notificationLog from './notification-log';
import notifications from './notifications';
import members from './members';
import outbox from './outbox';
import readScope from './read-scope';
import report from './report';
import reportExport from './report-export';
import scheduler from './scheduler';
import scope from './scope';
import settings from './settings';
import workspace from './workspace';
import writeScope from './write-scope';
import attemptLimits from './attempt-limits';
import joinCodes from './join-codes';
import membershipRules from './membership-rules';

// `satisfies` (not an annotation) keeps each factory's own type for getService; using `Core` here also
// lets the emitted index.d.ts name Strapi's type through '@strapi/strapi' rather than an internal path.
export default {
  access,
  'default-roles': defaultRoles,
  enrollment,
  'read-scope': readScope,
  report,
  'report-export': reportExport,
  scope,
  workspace,
  'write-scope': writeScope,
  members,
  invitations,
  'member-messages': memberMessages,
  learner,
  'learner-permissions': learnerPermissions,
  lms,
  'content-manager-layouts': contentManagerLayouts,
  'entry-titles': entryTitles,
  outbox,
  scheduler,
  'decision-emails': decisionEmails,
  'email-templates': emailTemplates,
  home,
  notifications,
  'notification-digests': notificationDigests,
  'notification-log': notificationLog,
  'learner-page': learnerPage,
  'group-tree': groupTree,
  settings,
  lookup,
  'group-setup': groupSetup,
  'attempt-limits': attemptLimits,
  'join-codes': joinCodes,
  'membership-rules': membershipRules,
  'course-settings': courseSettings,
} satisfies Record<string, (context: { strapi: Core.Strapi }) => object>;
