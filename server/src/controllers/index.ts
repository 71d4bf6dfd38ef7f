import type { Core } from '@strapi/strapi';
import courseSettings from './course-settings';
import health from './health';
import invitations from './invitations';
import learner from './learner';
import lms from './lms';
import members from './members';
import report from './report';
import workspace from './workspace';

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
  'course-settings': courseSettings,
} satisfies Record<string, (context: { strapi: Core.Strapi }) => object>;
