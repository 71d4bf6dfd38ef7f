import * as React from 'react';
import { useNotification } from '@strapi/strapi/admin';
import { errorMessage } from '../api/groups';

/**
 * A dialog's request told in a notification: `run` resolves the request's success sentence and shows it, or
 * shows the server's sentence when it fails; it answers whether it succeeded. `busy` while it runs.
 */
export const useNotifiedRequest = () => {
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState(false);
  const run = async (request: () => Promise<string>): Promise<boolean> => {
    setBusy(true);
    try {
      toggleNotification({ type: 'success', message: await request() });
      return true;
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
};
