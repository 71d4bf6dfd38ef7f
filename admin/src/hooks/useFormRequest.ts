import * as React from 'react';
import { errorMessage } from '../api/groups';

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
