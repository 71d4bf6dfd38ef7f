import { Link, Typography } from '@strapi/design-system';
import { Link as RouterLink } from 'react-router-dom';
import { PLUGIN_ID } from '../pluginId';

/** Where a learner's page lives in the workspace. */
export const learnerPagePath = (documentId: string) => `/plugins/${PLUGIN_ID}/learners/${documentId}`;

/**
 * A learner's name as a link to their page (pages/Learner). Without a documentId (a deleted user) or when
 * the caller may not read the page (`linked` false), the name is plain text.
 */
export const LearnerLink = ({
  documentId,
  name,
  linked = true,
}: {
  documentId: string | null;
  name: string | null;
  linked?: boolean;
}) =>
  documentId && linked ? (
    <Link tag={RouterLink} to={learnerPagePath(documentId)}>
      {name ?? documentId}
    </Link>
  ) : (
    <Typography fontWeight="semiBold">{name}</Typography>
  );
