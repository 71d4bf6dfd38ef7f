import * as React from 'react';
import { Button, Field, Flex, Modal, Radio, TextInput, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { AddMemberResponse, InviteResponse } from '../../../../../common/contracts/members';
import type { OverviewGroup } from '../../../../../common/contracts/workspace';
import { errorMessage } from '../../../api/useApi';
import { useT } from '../../../utils/useT';

type Mode = 'existing' | 'invite';

/** Adds someone who has an account, or invites a new address (they join when they confirm). */
export const AddMemberModal = ({ group, onDone }: { group: OverviewGroup; onDone: () => void }) => {
  const t = useT();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [open, setOpen] = React.useState(false);
  const [mode, setMode] = React.useState<Mode>('invite');
  const [email, setEmail] = React.useState('');
  const [username, setUsername] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);

  const reset = () => {
    setEmail('');
    setUsername('');
    setError(null);
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const base = `/groups/groups/${group.documentId}`;
      if (mode === 'existing') {
        const { data } = await post<AddMemberResponse>(`${base}/members`, { email: email.trim() });
        toggleNotification({
          type: data.data.outcome === 'added' ? 'success' : 'info',
          message:
            data.data.outcome === 'added'
              ? t('members.add.done', '{name} is now a member.', { name: data.data.member.username })
              : t('members.add.already', '{name} is already a member.', { name: data.data.member.username }),
        });
      } else {
        const body = { email: email.trim(), ...(username.trim() ? { username: username.trim() } : {}) };
        const { data } = await post<InviteResponse>(`${base}/invitations`, body);
        const outcome = data.data.outcome;
        toggleNotification({
          type:
            outcome === 'already-member'
              ? 'info'
              : data.data.emailSent || outcome === 'added'
                ? 'success'
                : 'warning',
          message:
            outcome === 'invited'
              ? data.data.emailSent
                ? t('members.invite.sent', 'Invitation sent to {email}.', { email: body.email })
                : t(
                    'members.invite.notSent',
                    'The invitation to {email} could not be emailed; resend it later.',
                    {
                      email: body.email,
                    }
                  )
              : outcome === 'added'
                ? t('members.invite.added', '{email} already had an account and is now a member.', {
                    email: body.email,
                  })
                : t('members.add.already', '{name} is already a member.', { name: body.email }),
        });
      }
      setOpen(false);
      reset();
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal.Root open={open} onOpenChange={(next: boolean) => (setOpen(next), next ? undefined : reset())}>
      <Modal.Trigger>
        <Button>{t('members.add.open', 'Add or invite')}</Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>
            {t('members.add.title', 'Add a member to {group}', { group: group.name })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Radio.Group
              aria-label={t('members.add.mode', 'How')}
              value={mode}
              onValueChange={(value: string) => setMode(value as Mode)}
            >
              <Radio.Item value="invite">
                {t(
                  'members.add.mode.invite',
                  'Invite by email (creates the account; they join when they confirm)'
                )}
              </Radio.Item>
              <Radio.Item value="existing">
                {t('members.add.mode.existing', 'Add someone who has an account')}
              </Radio.Item>
            </Radio.Group>
            <Field.Root name="member-email" required error={error ?? undefined}>
              <Field.Label>{t('members.column.email', 'Email')}</Field.Label>
              <TextInput
                type="email"
                value={email}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setEmail(e.target.value)}
              />
              <Field.Error />
            </Field.Root>
            {mode === 'invite' ? (
              <Field.Root
                name="member-username"
                hint={t('members.username.hint', 'Optional: the email is used when empty.')}
              >
                <Field.Label>{t('members.column.name', 'Name')}</Field.Label>
                <TextInput
                  value={username}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) => setUsername(e.target.value)}
                />
                <Field.Hint />
              </Field.Root>
            ) : (
              <Typography variant="pi" textColor="neutral600">
                {t('members.add.existingHint', 'The account keeps its name and password.')}
              </Typography>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('dialog.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button onClick={submit} loading={busy} disabled={!email.trim()}>
            {mode === 'invite'
              ? t('members.invite.submit', 'Send invitation')
              : t('members.add.submit', 'Add member')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
