import type * as React from 'react';
import { Box, Flex, IconButton, Typography } from '@strapi/design-system';
import { Pencil, Trash } from '@strapi/icons';
import type { MemberRow } from '../../../../../common/contracts/members';
import { useT } from '../../../hooks/useT';

interface Props {
  member: MemberRow;
  onEdit: (member: MemberRow) => void;
  onRemove: (member: MemberRow) => void;
  /** The widened list's per-member message, in the member's own group. */
  children?: React.ReactNode;
}

/**
 * Edit and remove for one member, in the member's own group and only with the right to manage its members
 * there (`canManage`). Edit is offered only where the server says the caller may change the account
 * (`canEdit`); otherwise a sentence says why, instead of a button whose save would be refused.
 */
export const MemberActions = ({ member, onEdit, onRemove, children }: Props) => {
  const t = useT();
  return (
    <Flex gap={1}>
      {children}
      {member.canManage && member.canEdit ? (
        <IconButton
          label={t('members.edit', 'Edit {name}', { name: member.username })}
          variant="ghost"
          onClick={() => onEdit(member)}
        >
          <Pencil />
        </IconButton>
      ) : null}
      {member.canManage ? (
        <IconButton
          label={t('members.remove', 'Remove {name} from the group', { name: member.username })}
          variant="ghost"
          onClick={() => onRemove(member)}
        >
          <Trash />
        </IconButton>
      ) : null}
    </Flex>
  );
};

/** Under the member's name when the caller may not edit the account: who can, and why. */
export const SharedAccountNote = ({ member }: { member: MemberRow }) => {
  const t = useT();
  if (member.canEdit || !member.canManage) return null;
  return (
    // Table cells keep their text on one line; this sentence wraps under the name instead.
    <Box paddingTop={1} maxWidth="26rem" style={{ whiteSpace: 'normal' }}>
      <Typography variant="pi" textColor="neutral600" data-shared-account>
        {t(
          'members.sharedAccount',
          'Also in a group whose members you do not manage: a site administrator edits this account.'
        )}
      </Typography>
    </Box>
  );
};
