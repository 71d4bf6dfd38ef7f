import { useIntl } from 'react-intl';
import type { EnrollmentState } from '../../../common/domain/enrollment-status';
import { getTranslation } from '../utils/getTranslation';

/** The translated name of an enrollment state. */
export const useStateLabel = () => {
  const { formatMessage } = useIntl();
  return (state: EnrollmentState) =>
    formatMessage({ id: getTranslation(`state.${state}`), defaultMessage: state });
};
