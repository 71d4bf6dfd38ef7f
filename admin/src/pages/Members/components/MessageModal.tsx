import * as React from 'react';
import {
  Button,
  Field,
  Flex,
  Modal,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import {
  MEMBER_LIMITS,
  type Recipients,
  type SendMessageResponse,
} from '../../../../../common/contracts/members';
import type { OverviewGroup } from '../../../../../common/contracts/workspace';
import { ENROLLMENT_STATES, type EnrollmentState } from '../../../../../common/domain/enrollment-status';
import { errorMessage } from '../../../api/useApi';
import { useStateLabel } from '../../../components/StateBadge';
import { useT } from '../../../utils/useT';

const ALL = '__all__';

/** Emails every member, or the members with an enrollment in one state (optionally in one course). */
export const MessageModal = ({ group }: { group: OverviewGroup }) => {
  const t = useT();
  const stateLabel = useStateLabel();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [open, setOpen] = React.useState(false);
  const [subject, setSubject] = React.useState('');
  const [body, setBody] = React.useState('');
  const [state, setState] = React.useState<string>(ALL);
  const [course, setCourse] = React.useState<string>(ALL);
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);

  const reset = () => {
    setSubject('');
    setBody('');
    setState(ALL);
    setCourse(ALL);
    setError(null);
  };

  const send = async () => {
    const recipients: Recipients =
      state === ALL && course === ALL
        ? { kind: 'all' }
        : {
            kind: 'filter',
            ...(state !== ALL ? { enrollmentState: state as EnrollmentState } : {}),
            ...(course !== ALL ? { courseId: course } : {}),
          };
    setBusy(true);
    setError(null);
    try {
      const { data } = await post<SendMessageResponse>(`/groups/groups/${group.documentId}/messages`, {
        subject: subject.trim(),
        body: body.trim(),
        recipients,
      });
      toggleNotification({
        type: data.data.failed > 0 ? 'warning' : 'success',
        message: t(
          'members.message.done',
          'Sent to {sent} of {recipients} members ({failed} failed). You can send {remaining} more this hour.',
          {
            sent: data.data.sent,
            recipients: data.data.recipients,
            failed: data.data.failed,
            remaining: data.data.remainingThisHour,
          }
        ),
      });
      setOpen(false);
      reset();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal.Root open={open} onOpenChange={(next: boolean) => (setOpen(next), next ? undefined : reset())}>
      <Modal.Trigger>
        <Button variant="secondary">{t('members.message.open', 'Message')}</Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>
            {t('members.message.title', 'Email the members of {group}', { group: group.name })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Flex gap={4} alignItems="flex-start">
              <Field.Root name="message-state" width="100%">
                <Field.Label>{t('members.message.to', 'To')}</Field.Label>
                <SingleSelect value={state} onChange={(value) => setState(String(value))}>
                  <SingleSelectOption value={ALL}>
                    {t('members.message.all', 'Every member')}
                  </SingleSelectOption>
                  {ENROLLMENT_STATES.map((s) => (
                    <SingleSelectOption key={s} value={s}>
                      {t('members.message.withState', 'Members with an enrollment: {state}', {
                        state: stateLabel(s),
                      })}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Field.Root name="message-course" width="100%">
                <Field.Label>{t('filters.course', 'Course')}</Field.Label>
                <SingleSelect value={course} onChange={(value) => setCourse(String(value))}>
                  <SingleSelectOption value={ALL}>
                    {t('members.message.anyCourse', 'Any course')}
                  </SingleSelectOption>
                  {group.courses.map((c) => (
                    <SingleSelectOption key={c.documentId} value={c.documentId}>
                      {c.title ?? c.documentId}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Flex>
            <Field.Root name="message-subject" required>
              <Field.Label>{t('members.message.subject', 'Subject')}</Field.Label>
              <TextInput
                value={subject}
                maxLength={MEMBER_LIMITS.subject}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setSubject(e.target.value)}
              />
            </Field.Root>
            <Field.Root
              name="message-body"
              required
              hint={t(
                'members.message.hint',
                'Plain text; each member gets their own email and replies reach you.'
              )}
            >
              <Field.Label>{t('members.message.body', 'Message')}</Field.Label>
              <Textarea
                value={body}
                maxLength={MEMBER_LIMITS.body}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setBody(e.target.value)}
              />
              <Field.Hint />
            </Field.Root>
            {error ? <Typography textColor="danger600">{error}</Typography> : null}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('dialog.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button onClick={send} loading={busy} disabled={!subject.trim() || !body.trim()}>
            {t('members.message.send', 'Send')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
