/**
 * GET /groups/home/summary — the "My groups" widget on Strapi's admin home page: what waits for the
 * caller in the groups they may read, as counts, each a link into the workspace.
 */
export interface HomeSummaryGroup {
  documentId: string;
  name: string;
  pendingRequests: number;
  overdue: number;
  atRisk: number;
}

export interface HomeSummaryResponse {
  data: {
    groups: number;
    pendingRequests: number;
    overdue: number;
    atRisk: number;
    /** The groups with the most waiting (requests first, then overdue), at most HOME_SUMMARY_TOP. */
    top: HomeSummaryGroup[];
  };
}

/** How many groups the widget lists by name: a home page card, whatever the size of the site. */
export const HOME_SUMMARY_TOP = 5;
