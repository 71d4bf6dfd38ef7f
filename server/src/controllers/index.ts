import type { Core } from '@strapi/strapi';
import groupSetup from './group-setup';
import courseSettings from './course-settings';
import health from './health';
import home from './home';
import invitations from './invitations';
import learner from './learner';
import learnerPage from './learner-page';
import lms from './lms';
import lookup from './lookup';
import members from './members';
import notifications from './notifications';
import report from './report';
import settings from './settings';
import workspace from './workspace';
import joinCodes from './join-codes';
import membershipRules from './membership-rules';

// `satisfies` (not an annotation) keeps each factory's own type for getService; using `Core` here also
// lets the emitted index.d.ts name Strapi's type through '@strapi/strapi' rather than an internal path.
export default {
  health,
  report,
  workspace,
  members,
  invitations,
  learner,
  lms,
  home,
  notifications,
  'learner-page': learnerPage,
  settings,
  lookup,
  'group-setup': groupSetup,
  'join-codes': joinCodes,
  'membership-rules': membershipRules,
  'course-settings': courseSettings,
} satisfies Record<string, (context: { strapi: Core.Strapi }) => object>;
