import * as React from 'react';
import { Badge, Button, Flex, Typography } from '@strapi/design-system';
import { Table, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { PendingInvitation } from '../../../../../common/contracts/members';
import type { OverviewGroup } from '../../../../../common/contracts/workspace';
import {
  errorMessage,
  useInvitationLinkMutation,
  useResendInvitationMutation,
  useRevokeInvitationMutation,
} from '../../../api/groups';
import { InvitationLinkDialog } from './InvitationLinkDialog';
import { DataTable, TableSection } from '../../../components/DataTable';
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
  const [makeLink] = useInvitationLinkMutation();
  const [link, setLink] = React.useState<{ email: string; link: string } | null>(null);
  const { toggleNotification } = useNotification();

  const copyLink = async (invitation: PendingInvitation) => {
    try {
      const arg = { groupId: group.documentId, invitationId: invitation.documentId };
      const data = await makeLink(arg).unwrap();
      setLink({ email: invitation.email, link: data.data.link });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
  };

  const act = async (invitation: PendingInvitation, action: 'resend' | 'revoke') => {
    try {
      const arg = { groupId: group.documentId, invitationId: invitation.documentId };
      if (action === 'resend') {
        const data = (await resend(arg).unwrap()) as { data: { emailSent: boolean } };
        if (!data.data.emailSent) {
          toggleNotification({
            type: 'warning',
            message: t(
              'members.invite.notSentLink',
              'The invitation to {email} could not be emailed. Copy its link and send it another way.',
              { email: invitation.email }
            ),
          });
          return;
        }
      } else {
        await revoke(arg).unwrap();
      }
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
    <TableSection
      title={t('members.invitations.title', 'Pending invitations ({count})', { count: invitations.length })}
    >
      <DataTable rows={rows} headers={headers}>
        {invitations.map((invitation) => (
          <Table.Row key={invitation.documentId}>
            <Table.Cell>
              <Typography>{invitation.email}</Typography>
            </Table.Cell>
            <Table.Cell>
              {invitation.emailError ? (
                <Flex direction="column" alignItems="flex-start" gap={1}>
                  <Badge backgroundColor="danger100" textColor="danger700">
                    {t('members.invitations.emailFailed', 'Email failed')}
                  </Badge>
                  <Typography variant="pi" textColor="neutral600">
                    {invitation.emailError}
                  </Typography>
                </Flex>
              ) : (
                <Typography textColor="neutral600">
                  {formatDate(invitation.lastSentAt, { dateStyle: 'medium' })}
                </Typography>
              )}
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
                <Button size="S" variant="tertiary" onClick={() => copyLink(invitation)}>
                  {t('members.invitations.copyLink', 'Copy link')}
                </Button>
                <Button size="S" variant="danger-light" onClick={() => act(invitation, 'revoke')}>
                  {t('members.invitations.revoke', 'Withdraw')}
                </Button>
              </Flex>
            </Table.Cell>
          </Table.Row>
        ))}
      </DataTable>
      <InvitationLinkDialog invitation={link} onClose={() => setLink(null)} />
    </TableSection>
  );
};
