import * as React from 'react';
import { Button, Flex, Modal, TextInput, Typography } from '@strapi/design-system';
import { FormField } from '../../../components/FormFields';
import { useT } from '../../../hooks/useT';

interface Props {
  invitation: { email: string; link: string } | null;
  onClose: () => void;
}

/**
 * A fresh invitation link to hand over another way (the email failed or did not arrive). It is shown in a
 * field as well as copied: the clipboard is refused on a site served over plain HTTP.
 */
export const InvitationLinkDialog = ({ invitation, onClose }: Props) => {
  const t = useT();
  const [copied, setCopied] = React.useState(false);
  React.useEffect(() => setCopied(false), [invitation]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(invitation?.link ?? '');
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Modal.Root open={invitation !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>
            {t('members.invitations.linkTitle', 'Invitation link for {email}', {
              email: invitation?.email ?? '',
            })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <FormField
              name="invitation-link"
              label={t('members.invitations.link', 'Link')}
              hint={t(
                'members.invitations.linkHint',
                'Give it to this learner only: whoever opens it can set the account’s password. The previous link no longer works.'
              )}
            >
              <TextInput
                readOnly
                value={invitation?.link ?? ''}
                onFocus={(event: React.FocusEvent<HTMLInputElement>) => event.target.select()}
              />
            </FormField>
            {copied ? (
              <Typography textColor="success600" role="status">
                {t('members.invitations.copied', 'Copied.')}
              </Typography>
            ) : null}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('dialog.close', 'Close')}</Button>
          </Modal.Close>
          <Button onClick={copy}>{t('members.invitations.copy', 'Copy')}</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
