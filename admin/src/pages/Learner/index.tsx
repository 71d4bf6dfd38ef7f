import { Badge, Flex, Typography } from '@strapi/design-system';
import { badgeColors } from '../../components/StateBadge';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useParams } from 'react-router-dom';
import { useLearnerPage } from '../../api/groups';
import { MessagePage, Notice, PageFrame } from '../../components/PageLayout';
import { useT } from '../../hooks/useT';
import { EnrollmentCard } from './components/EnrollmentCard';

/**
 * One learner as the manager may see them (GET /groups/learners/:documentId): their enrollments in the
 * manager's groups with state, flags and dates, and each enrollment's history as a timeline. Every learner
 * name in the workspace links here (components/LearnerLink.tsx).
 */
export const LearnerPage = () => {
  const t = useT();
  const { documentId = '' } = useParams<{ documentId: string }>();
  const { data, error, isLoading } = useLearnerPage(documentId);
  const title = t('learner.title', 'Learner');
  if (isLoading && !data) return <Page.Loading />;
  if (error || !data) {
    return (
      <MessagePage title={title}>
        <Notice>
          <Typography textColor="danger600">{error}</Typography>
        </Notice>
      </MessagePage>
    );
  }
  const { learner, groups, enrollments } = data.data;
  return (
    <PageFrame title={learner.username ?? title} subtitle={learner.email ?? undefined}>
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {groups.length ? (
            <Flex gap={2} wrap="wrap" aria-label={t('learner.memberOf', 'Member of')} tag="section">
              <Typography variant="sigma" textColor="neutral600">
                {t('learner.memberOf', 'Member of')}
              </Typography>
              {groups.map((group) => (
                <Badge key={group.documentId} {...badgeColors('neutral')}>
                  {group.name}
                </Badge>
              ))}
            </Flex>
          ) : null}
          {enrollments.length ? (
            enrollments.map((enrollment) => (
              <EnrollmentCard key={enrollment.documentId} enrollment={enrollment} />
            ))
          ) : (
            <Notice>
              <Typography>
                {t('learner.noEnrollments', 'This learner has no enrollment in your groups.')}
              </Typography>
            </Notice>
          )}
        </Flex>
      </Layouts.Content>
    </PageFrame>
  );
};
