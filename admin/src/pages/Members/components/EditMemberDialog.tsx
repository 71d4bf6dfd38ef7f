import * as React from 'react';
import { Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import type { MemberRow, UpdateMemberBody } from '../../../../../common/contracts/members';
import { useUpdateMemberMutation } from '../../../api/groups';
import { TextField } from '../../../components/FormFields';
import { FormModal } from '../../../components/FormModal';
import { useFormRequest } from '../../../hooks/useFormRequest';
import { useT } from '../../../hooks/useT';

interface Props {
  /** Edited in the member's own group (a sub-group's row names its sub-group). */
  member: MemberRow | null;
  onClose: () => void;
  onSaved: () => void;
}

/** Name and email only: role, password and blocking stay with the site's administrators. */
export const EditMemberDialog = ({ member, onClose, onSaved }: Props) => {
  const t = useT();
  const [updateMember] = useUpdateMemberMutation();
  const { toggleNotification } = useNotification();
  const [username, setUsername] = React.useState('');
  const [email, setEmail] = React.useState('');
  const { busy, error, setError, run } = useFormRequest();

  React.useEffect(() => {
    setUsername(member?.username ?? '');
    setEmail(member?.email ?? '');
    setError(null);
  }, [member, setError]);

  const save = async () => {
    if (!member) return;
    const body: UpdateMemberBody = {};
    if (username.trim() !== member.username) body.username = username.trim();
    if (email.trim().toLowerCase() !== member.email) body.email = email.trim();
    if (Object.keys(body).length === 0) return onClose();
    await run(async () => {
      const data = await updateMember({
        groupId: member.group.documentId,
        memberId: member.documentId,
        ...body,
      }).unwrap();
      toggleNotification({
        type: 'success',
        message: t('members.edit.done', '{name} is saved.', { name: data.data.username }),
      });
      onSaved();
    });
  };

  return (
    <FormModal
      open={member !== null}
      onOpenChange={(open) => (!open ? onClose() : undefined)}
      title={t('members.edit.title', 'Edit member')}
      submitLabel={t('members.edit.save', 'Save')}
      onSubmit={save}
      busy={busy}
      submitDisabled={!username.trim() || !email.trim()}
    >
      <TextField
        name="edit-username"
        label={t('members.column.name', 'Name')}
        required
        value={username}
        onChange={setUsername}
      />
      <TextField
        name="edit-email"
        label={t('members.column.email', 'Email')}
        required
        type="email"
        value={email}
        onChange={setEmail}
      />
      <Typography variant="pi" textColor="neutral600">
        {t('members.edit.hint', 'The learner signs in with this name or email.')}
      </Typography>
      {error ? <Typography textColor="danger600">{error}</Typography> : null}
    </FormModal>
  );
};
