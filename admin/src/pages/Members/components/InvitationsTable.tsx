import { Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import { Table, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { PendingInvitation } from '../../../../../common/contracts/members';
import type { OverviewGroup } from '../../../../../common/contracts/workspace';
import { errorMessage, useResendInvitationMutation, useRevokeInvitationMutation } from '../../../api/groups';
import { TableHead } from '../../../components/TableHead';
import { useT } from '../../../hooks/useT';

interface Props {
  group: OverviewGroup;
  invitations: PendingInvitation[];
}

/** Invitations nobody has confirmed yet: send a fresh link, or withdraw it. */
export const InvitationsTable = ({ group, invitations }: Props) => {
  const t = useT();
  const { formatDate } = useIntl();
  const [resend] = useResendInvitationMutation();
  const [revoke] = useRevokeInvitationMutation();
  const { toggleNotification } = useNotification();

  const act = async (invitation: PendingInvitation, action: 'resend' | 'revoke') => {
    try {
      const arg = { groupId: group.documentId, invitationId: invitation.documentId };
      await (action === 'resend' ? resend(arg) : revoke(arg)).unwrap();
      toggleNotification({
        type: 'success',
        message:
          action === 'resend'
            ? t('members.invite.sent', 'Invitation sent to {email}.', { email: invitation.email })
            : t('members.invitations.revoked', 'The invitation of {email} is withdrawn.', {
                email: invitation.email,
              }),
      });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
  };

  const headers = [
    { name: 'email', label: t('members.column.email', 'Email') },
    { name: 'sent', label: t('members.invitations.sent', 'Sent') },
    { name: 'expires', label: t('members.invitations.expires', 'Valid until') },
    { name: 'actions', label: t('column.actions', 'Actions') },
  ];

  const rows = invitations.map((invitation) => ({ ...invitation, id: invitation.documentId }));
  return (
    <Box paddingTop={8}>
      <Box paddingBottom={4}>
        <Typography variant="delta" tag="h2">
          {t('members.invitations.title', 'Pending invitations ({count})', { count: invitations.length })}
        </Typography>
      </Box>
      <Table.Root rows={rows} headers={headers}>
        <Table.Content>
          <TableHead headers={headers} />
          <Table.Body>
            {invitations.map((invitation) => (
              <Table.Row key={invitation.documentId}>
                <Table.Cell>
                  <Typography>{invitation.email}</Typography>
                </Table.Cell>
                <Table.Cell>
                  <Typography textColor="neutral600">
                    {formatDate(invitation.lastSentAt, { dateStyle: 'medium' })}
                  </Typography>
                </Table.Cell>
                <Table.Cell>
                  {invitation.expired ? (
                    <Badge backgroundColor="danger100" textColor="danger700">
                      {t('members.invitations.expired', 'Expired')}
                    </Badge>
                  ) : (
                    <Typography textColor="neutral600">
                      {formatDate(invitation.expiresAt, { dateStyle: 'medium' })}
                    </Typography>
                  )}
                </Table.Cell>
                <Table.Cell>
                  <Flex gap={2}>
                    <Button size="S" variant="secondary" onClick={() => act(invitation, 'resend')}>
                      {t('members.invitations.resend', 'Send again')}
                    </Button>
                    <Button size="S" variant="danger-light" onClick={() => act(invitation, 'revoke')}>
                      {t('members.invitations.revoke', 'Withdraw')}
                    </Button>
                  </Flex>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Content>
      </Table.Root>
    </Box>
  );
};
