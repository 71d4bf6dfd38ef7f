import type { EnrollmentPolicy, Visibility } from '../../../../../common/contracts/group-setup';
import type { Right } from '../../../../../common/domain/rights';
import type { Choice } from '../../../components/ChoiceGroup';
import { useT } from '../../../hooks/useT';

/** The group's choices and the manager rights in words, each explained in a sentence. */
export const useChoiceLabels = () => {
  const t = useT();
  const visibility: Record<Visibility, Choice> = {
    private: {
      label: t('setup.visibility.private', 'Members only'),
      help: t(
        'setup.visibility.private.help',
        'Only learners who are members of the group can ask to join its courses.'
      ),
    },
    public: {
      label: t('setup.visibility.public', 'Any learner'),
      help: t(
        'setup.visibility.public.help',
        'Every learner of the site can ask to join its courses, member or not.'
      ),
    },
  };
  const policy: Record<EnrollmentPolicy, Choice> = {
    approval: {
      label: t('setup.policy.approval', 'Approval'),
      help: t('setup.policy.approval.help', 'A learner asks; a manager approves or rejects each request.'),
    },
    open: {
      label: t('setup.policy.open', 'Open'),
      help: t('setup.policy.open.help', 'A learner who asks is enrolled at once, while seats last.'),
    },
    closed: {
      label: t('setup.policy.closed', 'Closed'),
      help: t('setup.policy.closed.help', 'Learners cannot ask; managers enroll them.'),
    },
  };
  const rights: Record<Right, Choice> = {
    viewReports: {
      label: t('setup.right.viewReports', 'View reports'),
      help: t(
        'setup.right.viewReports.help',
        "Sees the group's learners, their progress, scores and attendance."
      ),
    },
    exportReports: {
      label: t('setup.right.exportReports', 'Export reports'),
      help: t('setup.right.exportReports.help', "Downloads the group's reports as Excel files."),
    },
    manageEnrollments: {
      label: t('setup.right.manageEnrollments', 'Manage enrollments'),
      help: t(
        'setup.right.manageEnrollments.help',
        'Approves, rejects and unenrolls learners and marks attendance.'
      ),
    },
    manageMembers: {
      label: t('setup.right.manageMembers', 'Manage members'),
      help: t(
        'setup.right.manageMembers.help',
        'Adds, invites, imports, edits and removes members of the group.'
      ),
    },
    editCourses: {
      label: t('setup.right.editCourses', 'Edit courses'),
      help: t(
        'setup.right.editCourses.help',
        "Edits the group's courses in the Content Manager (shared courses: see the note)."
      ),
    },
    messageMembers: {
      label: t('setup.right.messageMembers', 'Message members'),
      help: t('setup.right.messageMembers.help', "Emails the group's members."),
    },
  };
  return { visibility, policy, rights };
};
