import * as React from 'react';
import { Box, Button, Flex, IconButton, Textarea, Typography } from '@strapi/design-system';
import { Mail } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import {
  MEMBER_LIMITS,
  type FailedRecipient,
  type MemberRow,
  type Recipients,
} from '../../../../../common/contracts/members';
import type { OverviewGroup } from '../../../../../common/contracts/workspace';
import { ENROLLMENT_STATES, type EnrollmentState } from '../../../../../common/domain/enrollment-status';
import { useRetryMessageMutation, useSendMessageMutation } from '../../../api/groups';
import { FormField, SelectField, TextField } from '../../../components/FormFields';
import { FormModal } from '../../../components/FormModal';
import { useFormModal } from '../../../hooks/useFormModal';
import { useFormRequest } from '../../../hooks/useFormRequest';
import { useStateLabel } from '../../../hooks/useStateLabel';
import { useT } from '../../../hooks/useT';
import { useMessageOutcome } from './useMessageOutcome';

const ALL = '__all__';

interface Props {
  group: OverviewGroup;
  /**
   * One member of the widened list, emailed in their own group (a sub-group's row names its sub-group, and
   * the server checks the right to message there): the group's filters are not offered.
   */
  to?: MemberRow;
}

/** Emails every member, or the members with an enrollment in one state (optionally in one course). */
export const MessageModal = ({ group: listed, to }: Props) => {
  const t = useT();
  const stateLabel = useStateLabel();
  const [sendMessage] = useSendMessageMutation();
  const [retryMessage] = useRetryMessageMutation();
  const outcome = useMessageOutcome();
  const { toggleNotification } = useNotification();
  const [subject, setSubject] = React.useState('');
  const [body, setBody] = React.useState('');
  const [state, setState] = React.useState<string>(ALL);
  const [course, setCourse] = React.useState<string>(ALL);
  // The recipients the relay refused last time: the draft stays, and sending again sends the same
  // message's failed emails (the server's retry), to them only.
  const [failures, setFailures] = React.useState<FailedRecipient[]>([]);
  const [messageId, setMessageId] = React.useState<string | null>(null);
  const { busy, error, setError, run } = useFormRequest();
  const group = to?.group ?? listed;
  const toOne = to
    ? t('members.message.one', 'Email {name} in {group}', { name: to.username, group: to.group.path })
    : '';

  const reset = () => {
    setSubject('');
    setBody('');
    setState(ALL);
    setCourse(ALL);
    setFailures([]);
    setMessageId(null);
    setError(null);
  };
  const modal = useFormModal(reset);

  const retrying = failures.length > 0 && messageId !== null;

  const send = async () => {
    const recipients: Recipients = to
      ? { kind: 'selected', userIds: [to.documentId] }
      : state === ALL && course === ALL
        ? { kind: 'all' }
        : {
            kind: 'filter',
            ...(state !== ALL ? { enrollmentState: state as EnrollmentState } : {}),
            ...(course !== ALL ? { courseId: course } : {}),
          };
    await run(async () => {
      const { data } = retrying
        ? await retryMessage({ groupId: group.documentId, messageId }).unwrap()
        : await sendMessage({
            groupId: group.documentId,
            subject: subject.trim(),
            body: body.trim(),
            recipients,
          }).unwrap();
      if (data.failed > 0) {
        setFailures(data.failures);
        setMessageId(data.messageId);
        setError(outcome.failed(data));
        return;
      }
      toggleNotification({ type: 'success', message: outcome.done(data) });
      modal.close();
    });
  };

  return (
    <FormModal
      open={modal.open}
      onOpenChange={modal.onOpenChange}
      trigger={
        to ? (
          <IconButton label={toOne} variant="ghost">
            <Mail />
          </IconButton>
        ) : (
          <Button variant="secondary">{t('members.message.open', 'Message')}</Button>
        )
      }
      title={to ? toOne : t('members.message.title', 'Email the members of {group}', { group: group.name })}
      submitLabel={
        retrying
          ? t('members.message.retry', 'Send again to the failed recipients')
          : t('members.message.send', 'Send')
      }
      onSubmit={send}
      busy={busy}
      submitDisabled={!subject.trim() || !body.trim()}
    >
      {to ? null : (
        <Flex gap={4} alignItems="flex-start">
          <SelectField
            disabled={retrying}
            name="message-state"
            label={t('members.message.to', 'To')}
            width="100%"
            value={state}
            onChange={setState}
            options={[
              { value: ALL, label: t('members.message.all', 'Every member') },
              ...ENROLLMENT_STATES.map((s) => ({
                value: s,
                label: t('members.message.withState', 'Members with an enrollment: {state}', {
                  state: stateLabel(s),
                }),
              })),
            ]}
          />
          <SelectField
            disabled={retrying}
            name="message-course"
            label={t('filters.course', 'Course')}
            width="100%"
            value={course}
            onChange={setCourse}
            options={[
              { value: ALL, label: t('members.message.anyCourse', 'Any course') },
              ...listed.courses.map((c) => ({ value: c.documentId, label: c.title ?? c.documentId })),
            ]}
          />
        </Flex>
      )}
      <TextField
        name="message-subject"
        label={t('members.message.subject', 'Subject')}
        required
        disabled={retrying}
        value={subject}
        maxLength={MEMBER_LIMITS.subject}
        onChange={setSubject}
      />
      <FormField
        name="message-body"
        label={t('members.message.body', 'Message')}
        required
        hint={
          retrying
            ? t(
                'members.message.retryHint',
                'Sending again sends this message as it was written; to change it, close this dialog and write a new one.'
              )
            : t('members.message.hint', 'Plain text; each member gets their own email and replies reach you.')
        }
      >
        <Textarea
          disabled={retrying}
          value={body}
          maxLength={MEMBER_LIMITS.body}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setBody(e.target.value)}
        />
      </FormField>
      {error ? <Typography textColor="danger600">{error}</Typography> : null}
      {failures.length > 0 ? (
        <Box tag="ul" aria-label={t('members.message.failedList', 'Not sent')}>
          {failures.map((failure) => (
            <li key={failure.email}>
              <Typography>
                {t('members.message.failedRow', '{name} ({email}): {reason}', {
                  name: failure.username || failure.email,
                  email: failure.email,
                  reason: failure.reason,
                })}
              </Typography>
            </li>
          ))}
        </Box>
      ) : null}
    </FormModal>
  );
};
