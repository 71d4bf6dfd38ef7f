import { Box, Button, Typography } from '@strapi/design-system';
import { useNavigate } from 'react-router-dom';
import { useT } from '../hooks/useT';
import { useOverviewGroup } from '../api/groups';
import { MessagePage, Notice } from './PageLayout';

/**
 * Whether a group named in the URL is outside the user's groups (or does not exist): the overview's page of
 * that one group comes back empty, one bounded request whatever the number of groups. A page then shows
 * <OutOfScope> instead of falling back to another group or asking the server for data it will refuse.
 */
export const useForeignGroup = (documentId: string | undefined): boolean => {
  const { group, isLoading } = useOverviewGroup(documentId ?? null);
  return Boolean(documentId) && !isLoading && group === null;
};

/** The page for a group outside the user's scope: it names nothing of that group, not even whether it exists. */
export const OutOfScope = ({ title, onLeave }: { title: string; onLeave?: () => void }) => {
  const t = useT();
  const navigate = useNavigate();
  return (
    <MessagePage title={title}>
      <Notice>
        <Typography tag="p" variant="delta">
          {t('outOfScope.title', 'This group is not one of yours, or it does not exist.')}
        </Typography>
        <Box paddingTop={2}>
          <Typography tag="p" textColor="neutral600">
            {t(
              'outOfScope.help',
              'The link may be out of date, or meant for another manager. Choose one of your groups instead.'
            )}
          </Typography>
        </Box>
        <Box paddingTop={4}>
          <Button variant="secondary" onClick={onLeave ?? (() => navigate('..'))}>
            {t('outOfScope.leave', 'Show my groups')}
          </Button>
        </Box>
      </Notice>
    </MessagePage>
  );
};
