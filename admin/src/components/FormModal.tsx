import * as React from 'react';
import { Button, Flex, Modal } from '@strapi/design-system';
import { errorMessage } from '../api/useApi';
import { useT } from '../utils/useT';

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

/** Open state of a modal whose form starts empty again each time it closes. */
export const useFormModal = (reset: () => void) => {
  const [open, setOpen] = React.useState(false);
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) reset();
  };
  return { open, onOpenChange, close: () => onOpenChange(false) };
};

/** A form's request: `busy` while it runs; a failure becomes `error`, a sentence for the form to show. */
export const useFormRequest = () => {
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const run = async (request: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await request();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
};
