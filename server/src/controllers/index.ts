import health from './health';
import report from './report';
import workspace from './workspace';

export default {
  health,
  report,
  workspace,
};
