import { Badge, type BadgeProps } from '@strapi/design-system';
import type { EnrollmentState } from '../../../common/domain/enrollment-status';
import { useStateLabel } from '../hooks/useStateLabel';

const VARIANTS: Record<EnrollmentState, NonNullable<BadgeProps['variant']>> = {
  requested: 'secondary',
  waitlisted: 'warning',
  approved: 'success',
  rejected: 'danger',
  cancelled: 'neutral',
  completed: 'alternative',
};

/** Colours of the states, shared by the badges and the status mix chart. */
export const STATE_COLORS: Record<EnrollmentState, { fill: string; text: string }> = {
  requested: { fill: 'secondary500', text: 'secondary700' },
  waitlisted: { fill: 'warning500', text: 'warning700' },
  approved: { fill: 'success500', text: 'success700' },
  rejected: { fill: 'danger500', text: 'danger700' },
  cancelled: { fill: 'neutral400', text: 'neutral700' },
  completed: { fill: 'alternative500', text: 'alternative700' },
};

export const StateBadge = ({ state }: { state: EnrollmentState }) => {
  const label = useStateLabel();
  return <Badge variant={VARIANTS[state]}>{label(state)}</Badge>;
};
