import { Badge, Flex, Typography, type BadgeProps } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { EnrollmentFlag } from '../../../common/domain/enrollment-flags';
import { useT } from '../hooks/useT';
import { badgeColors } from './StateBadge';

const VARIANTS: Record<EnrollmentFlag, NonNullable<BadgeProps['variant']>> = {
  overdue: 'danger',
  atRisk: 'warning',
  dueSoon: 'secondary',
  notStarted: 'neutral',
  expired: 'neutral',
};

/** The flag names, as the filter and the badges show them. */
export const useFlagLabel = () => {
  const t = useT();
  const labels: Record<EnrollmentFlag | 'fallingBehind', string> = {
    overdue: t('flag.overdue', 'Overdue'),
    dueSoon: t('flag.dueSoon', 'Due this week'),
    atRisk: t('flag.atRisk', 'At risk'),
    notStarted: t('flag.notStarted', 'No activity'),
    expired: t('flag.expired', 'Expired'),
    fallingBehind: t('flag.fallingBehind', 'Falling behind (any)'),
  };
  return (flag: EnrollmentFlag | 'fallingBehind') => labels[flag];
};

/** A row's flags as badges (computed by the server with enrollmentFlags); nothing when none is set. */
export const FlagBadgeList = ({ flags }: { flags: readonly EnrollmentFlag[] }) => {
  const label = useFlagLabel();
  return flags.length ? (
    <Flex gap={1} wrap="wrap">
      {flags.map((flag) => (
        <Badge key={flag} {...badgeColors(VARIANTS[flag])}>
          {label(flag)}
        </Badge>
      ))}
    </Flex>
  ) : null;
};

/** A row's due date with its flags as badges. */
export const DueCell = ({ dueAt, flags }: { dueAt: string | null; flags: EnrollmentFlag[] }) => {
  const { formatDate } = useIntl();
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography>{dueAt ? formatDate(dueAt, { dateStyle: 'medium' }) : '—'}</Typography>
      <FlagBadgeList flags={flags} />
    </Flex>
  );
};
