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
  // The design system's danger badge (danger700 on danger200, 3.9:1) falls short of WCAG AA's 4.5:1; on
  // danger100 the same text reads at 5.4:1. A variant overrides the colours, so this one is given as colours.
  if (state === 'rejected') {
    return (
      <Badge backgroundColor="danger100" textColor="danger700">
        {label(state)}
      </Badge>
    );
  }
  return <Badge variant={VARIANTS[state]}>{label(state)}</Badge>;
};
