import * as React from 'react';
import { Button, Field, Flex, Modal, TextInput, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { Member, UpdateMemberResponse } from '../../../../../common/contracts/members';
import type { OverviewGroup } from '../../../../../common/contracts/workspace';
import { errorMessage } from '../../../api/useApi';
import { useT } from '../../../utils/useT';

interface Props {
  group: OverviewGroup;
  member: Member | null;
  onClose: () => void;
  onSaved: () => void;
}

/** Name and email only: role, password and blocking stay with the site's administrators. */
export const EditMemberDialog = ({ group, member, onClose, onSaved }: Props) => {
  const t = useT();
  const { put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [username, setUsername] = React.useState('');
  const [email, setEmail] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);

  React.useEffect(() => {
    setUsername(member?.username ?? '');
    setEmail(member?.email ?? '');
    setError(null);
  }, [member]);

  const save = async () => {
    if (!member) return;
    const body: Record<string, string> = {};
    if (username.trim() !== member.username) body.username = username.trim();
    if (email.trim().toLowerCase() !== member.email) body.email = email.trim();
    if (Object.keys(body).length === 0) return onClose();
    setBusy(true);
    setError(null);
    try {
      const { data } = await put<UpdateMemberResponse>(
        `/groups/groups/${group.documentId}/members/${member.documentId}`,
        body
      );
      toggleNotification({
        type: 'success',
        message: t('members.edit.done', '{name} is saved.', { name: data.data.username }),
      });
      onSaved();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal.Root open={member !== null} onOpenChange={(open: boolean) => (!open ? onClose() : undefined)}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('members.edit.title', 'Edit member')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Field.Root name="edit-username" required>
              <Field.Label>{t('members.column.name', 'Name')}</Field.Label>
              <TextInput
                value={username}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setUsername(e.target.value)}
              />
            </Field.Root>
            <Field.Root name="edit-email" required>
              <Field.Label>{t('members.column.email', 'Email')}</Field.Label>
              <TextInput
                type="email"
                value={email}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setEmail(e.target.value)}
              />
            </Field.Root>
            <Typography variant="pi" textColor="neutral600">
              {t('members.edit.hint', 'The learner signs in with this name or email.')}
            </Typography>
            {error ? <Typography textColor="danger600">{error}</Typography> : null}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={onClose}>
            {t('dialog.cancel', 'Cancel')}
          </Button>
          <Button onClick={save} loading={busy} disabled={!username.trim() || !email.trim()}>
            {t('members.edit.save', 'Save')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
