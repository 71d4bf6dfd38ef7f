import { useIntl } from 'react-intl';
import type { ShownState } from '../../../common/domain/enrollment-flags';
import { getTranslation } from '../utils/getTranslation';

/** The translated name of an enrollment state, or of `expired` (past the access window). */
export const useStateLabel = () => {
  const { formatMessage } = useIntl();
  return (state: ShownState) =>
    formatMessage({ id: getTranslation(`state.${state}`), defaultMessage: state });
};
