import { Badge, type BadgeProps } from '@strapi/design-system';
import type { EnrollmentState } from '../../../common/domain/enrollment-status';
import { useStateLabel } from '../hooks/useStateLabel';

/**
 * Badge colours. The design system's variants put the 700 shade on the 200 one, which falls short of WCAG
 * AA's 4.5:1 for warning (3.6), danger (3.9) and alternative (4.4); on the 100 shade every one passes
 * (warning700 still reads 4.0 there, so waitlisted takes the neutral text colour).
 */
const BADGE_COLORS: Record<EnrollmentState, { backgroundColor: string; textColor: string }> = {
  requested: { backgroundColor: 'secondary100', textColor: 'secondary700' },
  waitlisted: { backgroundColor: 'warning100', textColor: 'neutral800' },
  approved: { backgroundColor: 'success100', textColor: 'success700' },
  rejected: { backgroundColor: 'danger100', textColor: 'danger700' },
  cancelled: { backgroundColor: 'neutral150', textColor: 'neutral700' },
  completed: { backgroundColor: 'alternative100', textColor: 'alternative700' },
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
  // Given as colours: a Badge variant overrides backgroundColor and textColor.
  return <Badge {...(BADGE_COLORS[state] as BadgeProps)}>{label(state)}</Badge>;
};
