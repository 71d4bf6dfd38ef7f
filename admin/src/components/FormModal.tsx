import * as React from 'react';
import { Button, Flex, Modal } from '@strapi/design-system';
import { useT } from '../hooks/useT';

interface Props {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button that opens the modal; none when the page opens it itself (e.g. from a table row). */
  trigger?: React.ReactNode;
  title: string;
  submitLabel: string;
  onSubmit: () => void;
  busy: boolean;
  /** Why submitting is not possible yet (a required field is empty, ...). */
  submitDisabled: boolean;
  children: React.ReactNode;
}

/** A modal form: title, fields in a column, Cancel and one submit button. */
export const FormModal = ({
  open,
  onOpenChange,
  trigger,
  title,
  submitLabel,
  onSubmit,
  busy,
  submitDisabled,
  children,
}: Props) => {
  const t = useT();
  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      {trigger ? <Modal.Trigger>{trigger}</Modal.Trigger> : null}
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            {children}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('dialog.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button onClick={onSubmit} loading={busy} disabled={submitDisabled}>
            {submitLabel}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
