import * as React from 'react';

/** Open state of a modal whose form starts empty again each time it closes. */
export const useFormModal = (reset: () => void) => {
  const [open, setOpen] = React.useState(false);
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) reset();
  };
  return { open, onOpenChange, close: () => onOpenChange(false) };
};
