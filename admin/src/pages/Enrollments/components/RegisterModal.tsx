import * as React from 'react';
import { Button } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import {
  errorMessage,
  useLookup,
  useMemberOptions,
  useOverviewGroup,
  useRegisterEnrollmentMutation,
} from '../../../api/groups';
import { SelectField, TextField } from '../../../components/FormFields';
import { FormModal } from '../../../components/FormModal';
import { LookupFilter } from '../../../components/LookupFilter';
import { useFormModal } from '../../../hooks/useFormModal';
import { useStateLabel } from '../../../hooks/useStateLabel';
import { useT } from '../../../hooks/useT';

/** Groups where a learner may be registered: I manage their enrollments and they are not archived. */
const REGISTER_LOOKUP = { kind: 'groups', right: 'manageEnrollments', archived: 'false' } as const;

/** A manager enrolls a member of one of their groups in a course of that group. */
export const RegisterModal = () => {
  const t = useT();
  const [register] = useRegisterEnrollmentMutation();
  const { toggleNotification } = useNotification();
  const stateLabel = useStateLabel();
  // Whether there is any such group (one is enough to offer the dialog); the picker asks the server as typed.
  const any = useLookup({ ...REGISTER_LOOKUP, limit: '1' });
  const [group, setGroup] = React.useState('');
  const [course, setCourse] = React.useState('');
  const [learner, setLearner] = React.useState('');
  const [search, setSearch] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const modal = useFormModal(() => {
    setGroup('');
    setCourse('');
    setLearner('');
    setSearch('');
  });
  const members = useMemberOptions(
    modal.open && group
      ? {
          groupId: group,
          ...(search.trim() ? { search: search.trim() } : {}),
          ...(course ? { course } : {}),
        }
      : null
  );
  const chosen = useOverviewGroup(modal.open && group ? group : null);
  const courses = chosen.group?.courses ?? [];

  const submit = async () => {
    setBusy(true);
    try {
      const data = await register({ learner, group, course }).unwrap();
      const values = {
        learner: data.data.learner.username,
        course: data.data.course.title,
        state: stateLabel(data.data.state),
      };
      // Only an approved registration is an enrollment; a full group puts the learner on the waitlist.
      toggleNotification(
        data.data.state === 'approved'
          ? {
              type: 'success',
              message: t('register.done', '{learner} is enrolled in {course} ({state}).', values),
            }
          : data.data.state === 'waitlisted'
            ? {
                type: 'warning',
                message: t(
                  'register.waitlisted',
                  '{learner} is on the waitlist for {course}: the group has no free seat. They get a place when one frees.',
                  values
                ),
              }
            : {
                type: 'info',
                message: t('register.other', '{learner} in {course}: {state}.', values),
              }
      );
      modal.close();
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  if (!any.data?.data.length) return null;
  return (
    <FormModal
      open={modal.open}
      onOpenChange={modal.onOpenChange}
      trigger={<Button>{t('register.open', 'Register a learner')}</Button>}
      title={t('register.title', 'Register a learner in a course')}
      submitLabel={t('register.submit', 'Register')}
      onSubmit={submit}
      busy={busy}
      submitDisabled={!group || !course || !learner}
    >
      <LookupFilter
        name="register-group"
        label={t('filters.group', 'Group')}
        lookup={REGISTER_LOOKUP}
        required
        value={group}
        placeholder={t('register.pickGroup', 'Choose a group')}
        onChange={(value) => {
          setGroup(value);
          setCourse('');
          setLearner('');
        }}
      />
      <SelectField
        name="register-course"
        label={t('filters.course', 'Course')}
        required
        value={course}
        disabled={!group}
        loading={chosen.isLoading}
        placeholder={t('register.pickCourse', 'Choose a course of the group')}
        onChange={setCourse}
        options={courses.map((c) => ({ value: c.documentId, label: c.title ?? c.documentId }))}
      />
      <TextField
        name="register-search"
        label={t('register.search', 'Find a member')}
        disabled={!group}
        value={search}
        placeholder={t('register.searchPlaceholder', 'Name or email')}
        onChange={setSearch}
      />
      <SelectField
        name="register-learner"
        label={t('register.learner', 'Learner')}
        required
        value={learner}
        disabled={!group}
        loading={members.isLoading}
        placeholder={t('register.pickLearner', 'Choose a member of the group')}
        onChange={setLearner}
        options={(members.data?.data ?? []).map((m) => ({
          value: m.documentId,
          label: m.enrolledState
            ? t('register.memberEnrolled', '{name} — {email} (already in this course: {state})', {
                name: m.username,
                email: m.email,
                state: stateLabel(m.enrolledState),
              })
            : `${m.username} — ${m.email}`,
        }))}
      />
    </FormModal>
  );
};
