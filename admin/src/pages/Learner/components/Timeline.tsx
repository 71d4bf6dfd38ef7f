import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { TimelineEntry } from '../../../../../common/contracts/learner-page';
import { useStateLabel } from '../../../hooks/useStateLabel';
import { useT } from '../../../hooks/useT';

/** Who made a change, as the timeline names them. */
const useActorLabel = () => {
  const t = useT();
  return ({ kind, name, token }: TimelineEntry['by']) => {
    switch (kind) {
      case 'admin': {
        const admin = name ?? t('timeline.by.admin', 'An administrator');
        // An admin token at work (an AI agent over MCP, a script): say so, and which token.
        return token === undefined
          ? admin
          : t('timeline.by.adminToken', '{admin} (through the admin token “{token}”)', { admin, token });
      }
      case 'learner':
        return name ?? t('timeline.by.learner', 'The learner');
      case 'lms':
        return t('timeline.by.lms', 'The LMS');
      case 'system':
        return t('timeline.by.system', 'The system');
      default:
        return t('timeline.by.unknown', 'Unknown');
    }
  };
};

/** One enrollment's history, oldest first: when, who, from which state to which, and why. */
export const Timeline = ({ entries, label }: { entries: TimelineEntry[]; label: string }) => {
  const { formatDate } = useIntl();
  const t = useT();
  const stateLabel = useStateLabel();
  const actor = useActorLabel();
  if (entries.length === 0) {
    return <Typography textColor="neutral600">{t('timeline.empty', 'No history recorded.')}</Typography>;
  }
  const what = (entry: TimelineEntry) => {
    if (entry.dueAt !== undefined) {
      return entry.dueAt
        ? t('timeline.dueSet', 'Due date set to {date}', {
            date: formatDate(entry.dueAt, { dateStyle: 'medium' }),
          })
        : t('timeline.dueCleared', 'Due date cleared');
    }
    return entry.from
      ? t('timeline.change', '{from} → {to}', { from: stateLabel(entry.from), to: stateLabel(entry.to) })
      : t('timeline.created', 'Created as {to}', { to: stateLabel(entry.to) });
  };
  return (
    <Box tag="ol" aria-label={label} paddingLeft={0} margin={0}>
      {entries.map((entry, index) => (
        <Box
          key={`${entry.at}-${index}`}
          tag="li"
          paddingLeft={4}
          paddingBottom={3}
          borderColor="neutral200"
          borderStyle="solid"
          borderWidth="0 0 0 2px"
          style={{ listStyle: 'none' }}
        >
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography variant="pi" textColor="neutral600">
              <time dateTime={entry.at}>
                {formatDate(entry.at, { dateStyle: 'medium', timeStyle: 'short' })}
              </time>
            </Typography>
            <Typography>
              <Typography fontWeight="semiBold">{actor(entry.by)}</Typography>
              {': '}
              {what(entry)}
            </Typography>
            {entry.reason ? (
              <Typography variant="pi" textColor="neutral700">
                {t('timeline.reason', 'Reason: {reason}', { reason: entry.reason })}
              </Typography>
            ) : null}
          </Flex>
        </Box>
      ))}
    </Box>
  );
};
