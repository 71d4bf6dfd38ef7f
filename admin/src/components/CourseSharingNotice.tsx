import { Box, Typography } from '@strapi/design-system';
import { unstable_useContentManagerContext as useContentManagerContext, useRBAC } from '@strapi/strapi/admin';
import { useCourseSharing } from '../api/groups';
import { useT } from '../hooks/useT';
import { PERMISSIONS } from '../permissions';

/** Types that are never the site's course type: no need to ask the server about them. */
const NOT_COURSES = /^(plugin::groups\.|plugin::users-permissions\.|admin::)/;

/**
 * In the Content Manager's edit view of a course used by several groups: says so, and what the site's rule
 * for shared courses means for the admin looking at it. Shows nothing for other types or unshared courses.
 */
export const CourseSharingNotice = () => {
  const t = useT();
  const { model, id } = useContentManagerContext();
  const { allowedActions } = useRBAC(PERMISSIONS.access);
  const asked = allowedActions.canRead && id && id !== 'create' && !NOT_COURSES.test(model) ? id : null;
  const sharing = useCourseSharing(asked);
  const data = sharing.data?.data;
  if (!data || data.groupCount < 2) return null;
  return (
    <Box background="warning100" borderColor="warning200" hasRadius padding={4} marginBottom={4} width="100%">
      <Typography variant="omega" fontWeight="bold" textColor="neutral800" tag="p">
        {t('sharing.title', 'Shared by {count} groups', { count: data.groupCount })}
      </Typography>
      <Typography variant="pi" textColor="neutral800" tag="p">
        {t('sharing.body', 'This is one course: a change shows in every group that uses it.')}
      </Typography>
      {data.groupsWithoutRight > 0 ? (
        <Typography variant="pi" textColor="neutral800" tag="p">
          {data.rule === 'all-groups'
            ? t(
                'sharing.allGroups',
                'Group managers edit it only with the edit-courses right in all of these groups; you lack it in {count, plural, one {# of them} other {# of them}}.',
                { count: data.groupsWithoutRight }
              )
            : t(
                'sharing.anyGroup',
                'The edit-courses right in any one of these groups lets a manager edit it for all of them.'
              )}
        </Typography>
      ) : null}
    </Box>
  );
};
