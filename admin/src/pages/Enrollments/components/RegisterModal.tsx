import * as React from 'react';
import {
  Button,
  Field,
  Flex,
  Modal,
  SingleSelect,
  SingleSelectOption,
  TextInput,
} from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { GroupMembersResponse, RegisterResponse } from '../../../../../common/contracts/workspace';
import { errorMessage, useApi } from '../../../api/useApi';
import { useStateLabel } from '../../../components/StateBadge';
import { useWorkspace } from '../../../components/WorkspaceContext';
import { useT } from '../../../utils/useT';

/** A manager enrolls a member of one of their groups in a course of that group. */
export const RegisterModal = ({ onDone }: { onDone: () => void }) => {
  const t = useT();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const stateLabel = useStateLabel();
  const { groups } = useWorkspace();
  const manageable = groups.filter((g) => g.rights.manageEnrollments && !g.archived);
  const [open, setOpen] = React.useState(false);
  const [group, setGroup] = React.useState('');
  const [course, setCourse] = React.useState('');
  const [learner, setLearner] = React.useState('');
  const [search, setSearch] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const members = useApi<GroupMembersResponse>(
    open && group ? `/groups/workspace/groups/${group}/members` : null,
    search.trim() ? { search: search.trim() } : {}
  );
  const courses = manageable.find((g) => g.documentId === group)?.courses ?? [];

  const reset = () => {
    setGroup('');
    setCourse('');
    setLearner('');
    setSearch('');
  };

  const submit = async () => {
    setBusy(true);
    try {
      const { data } = await post<RegisterResponse>('/groups/enrollments', { learner, group, course });
      toggleNotification({
        type: 'success',
        message: t('register.done', '{learner} is enrolled in {course} ({state}).', {
          learner: data.data.learner.username,
          course: data.data.course.title,
          state: stateLabel(data.data.state),
        }),
      });
      setOpen(false);
      reset();
      onDone();
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  if (manageable.length === 0) return null;
  return (
    <Modal.Root open={open} onOpenChange={(next: boolean) => (setOpen(next), next ? undefined : reset())}>
      <Modal.Trigger>
        <Button>{t('register.open', 'Register a learner')}</Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('register.title', 'Register a learner in a course')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Field.Root name="register-group" required>
              <Field.Label>{t('filters.group', 'Group')}</Field.Label>
              <SingleSelect
                value={group}
                placeholder={t('register.pickGroup', 'Choose a group')}
                onChange={(value) => {
                  setGroup(String(value));
                  setCourse('');
                  setLearner('');
                }}
              >
                {manageable.map((g) => (
                  <SingleSelectOption key={g.documentId} value={g.documentId}>
                    {g.name}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
            <Field.Root name="register-course" required>
              <Field.Label>{t('filters.course', 'Course')}</Field.Label>
              <SingleSelect
                value={course}
                disabled={!group}
                placeholder={t('register.pickCourse', 'Choose a course of the group')}
                onChange={(value) => setCourse(String(value))}
              >
                {courses.map((c) => (
                  <SingleSelectOption key={c.documentId} value={c.documentId}>
                    {c.title ?? c.documentId}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
            <Field.Root name="register-search">
              <Field.Label>{t('register.search', 'Find a member')}</Field.Label>
              <TextInput
                disabled={!group}
                value={search}
                placeholder={t('register.searchPlaceholder', 'Name or email')}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => setSearch(event.target.value)}
              />
            </Field.Root>
            <Field.Root name="register-learner" required>
              <Field.Label>{t('register.learner', 'Learner')}</Field.Label>
              <SingleSelect
                value={learner}
                disabled={!group}
                loading={members.isLoading}
                placeholder={t('register.pickLearner', 'Choose a member of the group')}
                onChange={(value) => setLearner(String(value))}
              >
                {(members.data?.data ?? []).map((m) => (
                  <SingleSelectOption key={m.documentId} value={m.documentId}>
                    {`${m.username} — ${m.email}`}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('dialog.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button onClick={submit} loading={busy} disabled={!group || !course || !learner}>
            {t('register.submit', 'Register')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
