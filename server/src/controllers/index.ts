import health from './health';
import invitations from './invitations';
import learner from './learner';
import lms from './lms';
import members from './members';
import report from './report';
import workspace from './workspace';

export default {
  health,
  report,
  workspace,
  members,
  invitations,
  learner,
  lms,
};
