import { Box, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

export const HomePage = () => {
  const { formatMessage } = useIntl();
  const title = formatMessage({ id: getTranslation('plugin.name'), defaultMessage: 'Groups' });
  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header title={title} />
      <Layouts.Content>
        <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
          <Typography>
            {formatMessage({
              id: getTranslation('home.intro'),
              defaultMessage: 'Your groups, their enrollments and reports.',
            })}
          </Typography>
        </Box>
      </Layouts.Content>
    </Page.Main>
  );
};
