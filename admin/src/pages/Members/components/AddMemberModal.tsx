import * as React from 'react';
import { Button, Radio, Typography } from '@strapi/design-system';
import { useNotification } from '@strapi/strapi/admin';
import type { OverviewGroup } from '../../../../../common/contracts/workspace';
import { useAddMemberMutation, useInviteMemberMutation, useMemberCandidates } from '../../../api/groups';
import { SearchPicker, type PickerOption } from '../../../components/SearchPicker';
import { TextField } from '../../../components/FormFields';
import { FormModal } from '../../../components/FormModal';
import { useFormModal } from '../../../hooks/useFormModal';
import { useFormRequest } from '../../../hooks/useFormRequest';
import { useT } from '../../../hooks/useT';

type Mode = 'existing' | 'invite';

/** Adds someone who has an account, or invites a new address (they join when they confirm). */
export const AddMemberModal = ({ group }: { group: OverviewGroup }) => {
  const t = useT();
  const [addMember] = useAddMemberMutation();
  const [inviteMember] = useInviteMemberMutation();
  const { toggleNotification } = useNotification();
  const [mode, setMode] = React.useState<Mode>('invite');
  const [email, setEmail] = React.useState('');
  const [username, setUsername] = React.useState('');
  const [picked, setPicked] = React.useState<PickerOption | null>(null);
  const { busy, error, setError, run } = useFormRequest();
  // Only accounts this manager may see (members of their groups) are offered; any other account is
  // added by its exact email, as before.
  const useCandidates = (search: string) => {
    const found = useMemberCandidates(group.documentId, search);
    return {
      ...found,
      data: found.data?.data.map((c) => ({ value: c.documentId, label: `${c.username} (${c.email})` })),
    };
  };

  const reset = () => {
    setPicked(null);
    setEmail('');
    setUsername('');
    setError(null);
  };
  const modal = useFormModal(reset);

  const submit = async () => {
    await run(async () => {
      if (mode === 'existing') {
        const data = await addMember(
          picked
            ? { groupId: group.documentId, userId: picked.value }
            : { groupId: group.documentId, email: email.trim() }
        ).unwrap();
        toggleNotification({
          type: data.data.outcome === 'added' ? 'success' : 'info',
          message:
            data.data.outcome === 'added'
              ? t('members.add.done', '{name} is now a member.', { name: data.data.member.username })
              : t('members.add.already', '{name} is already a member.', { name: data.data.member.username }),
        });
      } else {
        const body = { email: email.trim(), ...(username.trim() ? { username: username.trim() } : {}) };
        const data = await inviteMember({ groupId: group.documentId, ...body }).unwrap();
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
                    'members.invite.notSentLink',
                    'The invitation to {email} could not be emailed. Copy its link and send it another way.',
                    { email: body.email }
                  )
              : outcome === 'added'
                ? t('members.invite.added', '{email} already had an account and is now a member.', {
                    email: body.email,
                  })
                : t('members.add.already', '{name} is already a member.', { name: body.email }),
        });
      }
      modal.close();
    });
  };

  return (
    <FormModal
      open={modal.open}
      onOpenChange={modal.onOpenChange}
      trigger={<Button>{t('members.add.open', 'Add or invite')}</Button>}
      title={t('members.add.title', 'Add a member to {group}', { group: group.name })}
      submitLabel={
        mode === 'invite'
          ? t('members.invite.submit', 'Send invitation')
          : t('members.add.submit', 'Add member')
      }
      onSubmit={submit}
      busy={busy}
      submitDisabled={mode === 'existing' ? !picked && !email.trim() : !email.trim()}
    >
      <Radio.Group
        aria-label={t('members.add.mode', 'How')}
        value={mode}
        onValueChange={(value: string) => setMode(value as Mode)}
      >
        <Radio.Item value="invite">
          {t('members.add.mode.invite', 'Invite by email (creates the account; they join when they confirm)')}
        </Radio.Item>
        <Radio.Item value="existing">
          {t('members.add.mode.existing', 'Add someone who has an account')}
        </Radio.Item>
      </Radio.Group>
      {mode === 'existing' ? (
        <>
          <SearchPicker
            label={t('members.add.search', 'Search by name or email')}
            hint={t('members.add.searchHint', 'Members of your other groups who are not in this group yet.')}
            placeholder={t('members.add.searchPlaceholder', 'Type a name or an email')}
            useOptions={useCandidates}
            onPick={(option) => {
              setPicked(option);
              setEmail('');
            }}
          />
          {picked ? (
            <Typography data-picked-member>
              {t('members.add.picked', 'Chosen: {name}', { name: picked.label })}
            </Typography>
          ) : null}
        </>
      ) : null}
      <TextField
        name="member-email"
        label={
          mode === 'existing'
            ? t('members.add.exactEmail', 'Or the exact email of an account')
            : t('members.column.email', 'Email')
        }
        required={mode === 'invite'}
        error={error ?? undefined}
        type="email"
        value={email}
        onChange={(value) => {
          setEmail(value);
          setPicked(null);
        }}
      />
      {mode === 'invite' ? (
        <TextField
          name="member-username"
          label={t('members.column.name', 'Name')}
          hint={t('members.username.hint', 'Optional: the email is used when empty.')}
          value={username}
          onChange={setUsername}
        />
      ) : (
        <Typography variant="pi" textColor="neutral600">
          {t('members.add.existingHint', 'The account keeps its name and password.')}
        </Typography>
      )}
    </FormModal>
  );
};
