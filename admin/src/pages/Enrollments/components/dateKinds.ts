import type { EnrollmentRow } from '../../../../../common/contracts/report';
import { DUE_STATES, EXPIRABLE_STATES } from '../../../../../common/domain/enrollment-flags';
import { useT } from '../../../hooks/useT';
import type { DateKind } from './DateDialog';

/** The dates that may be set on every one of these enrollments (the server checks the same states). */
export const dateKindsFor = (rows: EnrollmentRow[]): DateKind[] => {
  if (rows.length === 0) return [];
  const kinds: DateKind[] = [];
  if (rows.every((row) => DUE_STATES.includes(row.state))) kinds.push('dueAt');
  if (rows.every((row) => EXPIRABLE_STATES.includes(row.state))) kinds.push('expiresAt');
  return kinds;
};

export const useDateKindLabel = () => {
  const t = useT();
  return (kind: DateKind) =>
    kind === 'dueAt' ? t('dates.dueAction', 'Set due date') : t('dates.expiryAction', 'Set access window');
};
