import type { Core } from '@strapi/strapi';
import { guardBulkLookups } from './bulk-lookups';
import { scopeHomepageCounts } from './homepage-counts';
import { keepOneGroupPerEnrollment } from './one-group-link';
import { guardQueryText } from './query-text';
import { registerRelationIdSubqueries } from './relation-id-subqueries';
import { scopeRelationPicker } from './relation-picker';
import { ensureSortIndexes } from './sort-indexes';
import { guardUidRoutes } from './uid-routes';

/**
 * The plugin's patches of Strapi's own code, each file headed by the Strapi version it was checked against,
 * what it corrects and its tests (docs/ARCHITECTURE.md lists them).
 */

/** Controller patches: in `register`, before Strapi binds the route handlers to the controllers. */
export const registerStrapiPatches = (strapi: Core.Strapi) => {
  scopeRelationPicker(strapi);
  guardBulkLookups(strapi);
  guardUidRoutes(strapi);
  // Last, so it wraps the others: a control character is refused before any of them reads the query.
  guardQueryText(strapi);
};

/** Patches of the database and of Content Manager services: in `bootstrap`, once the database is up. */
export const bootstrapStrapiPatches = async (strapi: Core.Strapi) => {
  registerRelationIdSubqueries(
    strapi,
    await keepOneGroupPerEnrollment(strapi),
    await ensureSortIndexes(strapi)
  );
  scopeHomepageCounts(strapi);
};
