import defaultRoles from './default-roles';
import enrollment from './enrollment';
import homepageCounts from './homepage-counts';
import invitations from './invitations';
import learner from './learner';
import learnerPermissions from './learner-permissions';
import lms from './lms';
import memberMessages from './member-messages';
import members from './members';
import readScope from './read-scope';
import report from './report';
import reportExport from './report-export';
import scope from './scope';
import workspace from './workspace';
import writeScope from './write-scope';

export default {
  'default-roles': defaultRoles,
  enrollment,
  'homepage-counts': homepageCounts,
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
};
