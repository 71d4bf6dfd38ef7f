import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useTheme } from 'styled-components';
import type { CourseMix } from '../../../../../common/contracts/report';
import { ENROLLMENT_STATES } from '../../../../../common/domain/enrollment-status';
import { STATE_COLORS } from '../../../components/StateBadge';
import { useStateLabel } from '../../../hooks/useStateLabel';
import { getTranslation } from '../../../utils/getTranslation';

/** One stacked bar per course: how its enrollments split over the states. Plain SVG, no chart library. */
export const StatusMixChart = ({ mix }: { mix: CourseMix[] }) => {
  const { formatMessage, formatNumber } = useIntl();
  const theme = useTheme() as unknown as { colors: Record<string, string> };
  const stateLabel = useStateLabel();
  const color = (name: string) => theme.colors?.[name] ?? '#888';
  const max = Math.max(1, ...mix.map((m) => m.total));
  const title = formatMessage({ id: getTranslation('report.mix'), defaultMessage: 'Status mix per course' });
  // The report carries the courses with the most enrollments and sums the rest into one last entry.
  const courseLabel = (entry: CourseMix) =>
    entry.otherCourses
      ? formatMessage(
          { id: getTranslation('report.otherCourses'), defaultMessage: '{count} other courses' },
          { count: formatNumber(entry.otherCourses) }
        )
      : (entry.course.title ?? '—');

  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {mix.length === 0 ? (
          <Typography textColor="neutral600">
            {formatMessage({ id: getTranslation('report.mixEmpty'), defaultMessage: 'Nothing to chart.' })}
          </Typography>
        ) : (
          <Flex direction="column" alignItems="stretch" gap={3} role="list" aria-label={title}>
            {mix.map((entry) => (
              <Flex
                key={entry.otherCourses ? 'others' : (entry.course.documentId ?? 'none')}
                gap={4}
                role="listitem"
              >
                <Box width="22rem" shrink={0}>
                  <Typography ellipsis title={courseLabel(entry)}>
                    {courseLabel(entry)}
                  </Typography>
                </Box>
                <Box grow={1}>
                  <svg
                    width="100%"
                    height="20"
                    viewBox={`0 0 ${max} 20`}
                    preserveAspectRatio="none"
                    aria-label={ENROLLMENT_STATES.filter((s) => entry.counts[s])
                      .map((s) => `${stateLabel(s)} ${entry.counts[s]}`)
                      .join(', ')}
                  >
                    <rect x={0} y={0} width={max} height={20} fill={color('neutral100')} rx={0} />
                    {(() => {
                      let x = 0;
                      return ENROLLMENT_STATES.map((state) => {
                        const width = entry.counts[state];
                        if (!width) return null;
                        const rect = (
                          <rect
                            key={state}
                            x={x}
                            y={0}
                            width={width}
                            height={20}
                            fill={color(STATE_COLORS[state].fill)}
                          >
                            <title>{`${stateLabel(state)}: ${entry.counts[state]}`}</title>
                          </rect>
                        );
                        x += width;
                        return rect;
                      });
                    })()}
                  </svg>
                </Box>
                <Box width="4rem" shrink={0}>
                  <Typography variant="pi" textColor="neutral600">
                    {formatNumber(entry.total)}
                  </Typography>
                </Box>
              </Flex>
            ))}
          </Flex>
        )}
        <Flex gap={4} wrap="wrap">
          {ENROLLMENT_STATES.map((state) => (
            <Flex key={state} gap={2}>
              <Box width="1.2rem" height="1.2rem" hasRadius background={STATE_COLORS[state].fill} />
              <Typography variant="pi">{stateLabel(state)}</Typography>
            </Flex>
          ))}
        </Flex>
      </Flex>
    </Box>
  );
};
