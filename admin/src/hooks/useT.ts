import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';
import { rememberFormatter } from '../utils/serverMessages';

type Values = Record<string, string | number | boolean | null | undefined | Date>;

/** `t(id, defaultMessage, values)`: a plugin message as a string (every id is in translations/en.json and nl.json). */
export const useT = () => {
  const { formatMessage } = useIntl();
  rememberFormatter(formatMessage);
  return (id: string, defaultMessage: string, values?: Values): string =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
};
