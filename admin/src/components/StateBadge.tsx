import { Badge, type BadgeProps } from '@strapi/design-system';
import type { EnrollmentState } from '../../../common/domain/enrollment-status';
import { shownState, type EnrollmentFlag } from '../../../common/domain/enrollment-flags';
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

/**
 * A badge's colours by variant, readable at WCAG AA (4.5:1) for the badges' 11 px text. The design system's
 * own pairs (700 on 200) fall short for danger (3.9:1), warning (3.6:1) and alternative (4.4:1); on the 100
 * shade the 700 text reads at 5.4:1 or more, except warning's (4.0:1), whose text is neutral800 instead.
 * Badge ignores `backgroundColor` when it has a variant, so every badge gets plain colours.
 */
export const badgeColors = (variant: NonNullable<BadgeProps['variant']>): Partial<BadgeProps> => ({
  backgroundColor: `${variant}100`,
  textColor: variant === 'warning' ? 'neutral800' : `${variant}700`,
});

/** The state as the manager reads it: `Expired` when the row's flags say its access window has closed. */
export const StateBadge = ({
  state,
  flags = [],
}: {
  state: EnrollmentState;
  flags?: readonly EnrollmentFlag[];
}) => {
  const label = useStateLabel();
  const shown = shownState(state, flags);
  return <Badge {...badgeColors(shown === 'expired' ? 'neutral' : VARIANTS[shown])}>{label(shown)}</Badge>;
};
