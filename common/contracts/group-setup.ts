/**
 * The site owner's Groups screen: groups (list, create, edit, archive, restore), the courses, learners and
 * admin users the screen picks by name, and each group's managers with their rights. Shared by the admin
 * routes, the Groups screen and the API tests.
 */
import { z } from 'zod';
import { RIGHTS, type Right } from '../domain/rights';
import type { CourseEditRule } from '../domain/course-sharing';
import {
  documentIdSchema,
  multiLineTextSchema,
  paginationShape,
  searchSchema,
  singleLineTextSchema,
  type Pagination,
} from './shared';

/** The limits of the group's schema, so the screen and the API refuse the same input with the same words. */
export const GROUP_LIMITS = { name: 200, slug: 200, description: 5000, seatLimit: 100_000 } as const;
export const VISIBILITIES = ['private', 'public'] as const;
export const ENROLLMENT_POLICIES = ['approval', 'open', 'closed'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export type EnrollmentPolicy = (typeof ENROLLMENT_POLICIES)[number];

/** The most courses or members one form may send at once. */
const MAX_PICKED = 500;

export const ARCHIVED_FILTERS = ['active', 'archived', 'all'] as const;

export const groupListQuerySchema = z
  .object({
    search: searchSchema.optional(),
    archived: z.enum(ARCHIVED_FILTERS, { message: 'must be active, archived or all' }).default('active'),
    ...paginationShape,
  })
  .strict();
export type GroupListQuery = z.infer<typeof groupListQuerySchema>;

const nameSchema = singleLineTextSchema
  .min(1, 'is required')
  .max(GROUP_LIMITS.name, `must be at most ${GROUP_LIMITS.name} characters`);

export const slugSchema = z
  .string({ invalid_type_error: 'must be text' })
  .trim()
  .min(1, 'must not be empty')
  .max(GROUP_LIMITS.slug, `must be at most ${GROUP_LIMITS.slug} characters`)
  .regex(/^[A-Za-z0-9-_.~]+$/, 'may hold only letters, digits and - _ . ~ (no spaces)');

const picked = (what: string) =>
  z.array(documentIdSchema).max(MAX_PICKED, `must list at most ${MAX_PICKED} ${what}`);

const groupFields = {
  name: nameSchema,
  /** Left out: made from the name (and kept in step with it while nobody edits it by hand). */
  slug: slugSchema.optional(),
  description: multiLineTextSchema
    .max(GROUP_LIMITS.description, `must be at most ${GROUP_LIMITS.description} characters`)
    .optional(),
  visibility: z.enum(VISIBILITIES, { message: 'must be private or public' }),
  enrollmentPolicy: z.enum(ENROLLMENT_POLICIES, { message: 'must be approval, open or closed' }),
  seatLimit: z
    .number({ invalid_type_error: 'must be a whole number or empty' })
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .max(GROUP_LIMITS.seatLimit, `must be at most ${GROUP_LIMITS.seatLimit}`)
    .nullable(),
  courseIds: picked('courses'),
  /** The parent group (a documentId), or null for a group at the top; the tree's rules apply on the server. */
  parentId: documentIdSchema.nullable(),
};

export const createGroupBodySchema = z
  .object({
    ...groupFields,
    visibility: groupFields.visibility.default('private'),
    /** Left out: the site's default for new groups (Settings → Groups). */
    enrollmentPolicy: groupFields.enrollmentPolicy.optional(),
    seatLimit: groupFields.seatLimit.default(null),
    courseIds: groupFields.courseIds.default([]),
    parentId: groupFields.parentId.default(null),
    /** Learners (users-permissions documentIds) who are members from the start. */
    memberIds: picked('members').default([]),
  })
  .strict();
export type CreateGroupBody = z.input<typeof createGroupBodySchema>;

export const updateGroupBodySchema = z.object(groupFields).partial().strict();
export type UpdateGroupBody = z.input<typeof updateGroupBodySchema>;

// Not strict: the router adds keys of its own to the params.
export const groupIdParamsSchema = z.object({ documentId: documentIdSchema });
export const managerParamsSchema = z.object({ documentId: documentIdSchema, linkId: documentIdSchema });

export const pickerQuerySchema = z.object({ search: searchSchema.optional() }).strict();
export type PickerQuery = z.infer<typeof pickerQuerySchema>;

/** The parent picker: `exclude` is the group being edited, left out with its own sub-groups. */
export const groupOptionsQuerySchema = z
  .object({ search: searchSchema.optional(), exclude: documentIdSchema.optional() })
  .strict();
export type GroupOptionsQuery = z.infer<typeof groupOptionsQuerySchema>;

const rightsShape = Object.fromEntries(
  RIGHTS.map((right) => [right, z.boolean({ invalid_type_error: 'must be true or false' })])
) as Record<Right, z.ZodBoolean>;

export const rightsSchema = z.object(rightsShape).strict();
export type Rights = z.infer<typeof rightsSchema>;

export const addManagerBodySchema = z
  .object({
    userId: z
      .number({ invalid_type_error: 'must be the id of an admin user' })
      .int('must be the id of an admin user')
      .positive('must be the id of an admin user'),
    rights: rightsSchema,
  })
  .strict();
export type AddManagerBody = z.infer<typeof addManagerBodySchema>;

export const updateManagerBodySchema = z.object({ rights: rightsSchema }).strict();
export type UpdateManagerBody = z.infer<typeof updateManagerBodySchema>;

export interface CourseOption {
  documentId: string;
  title: string;
  /** How many groups use the course: more than one means an edit shows in all of them. */
  groupCount: number;
}

/** A group as the parent picker offers it: named by its path ("Amsterdam › ICU"). */
export interface GroupOption {
  documentId: string;
  name: string;
  path: string;
}

export interface SetupGroupRow {
  documentId: string;
  name: string;
  /** The group's path through its ancestors, "Amsterdam › ICU › Night shift" (its name for a top group). */
  path: string;
  /** The parent group, or null for a group at the top. */
  parent: GroupOption | null;
  slug: string;
  description: string | null;
  visibility: Visibility;
  enrollmentPolicy: EnrollmentPolicy;
  seatLimit: number | null;
  archivedAt: string | null;
  memberCount: number;
  managerCount: number;
  courseCount: number;
}

export interface SetupGroupDetail extends SetupGroupRow {
  courses: CourseOption[];
  /** Whether the slug is still made from the name (it follows the name on the next rename). */
  slugFollowsName: boolean;
  /** The site's rule for courses shared by several groups, for the screen's note. */
  courseEditRule: CourseEditRule;
}

/** What a new group starts from on the screen: the site's options as they apply now. */
export interface SetupDefaultsResponse {
  data: {
    enrollmentPolicy: EnrollmentPolicy;
    courseEditRule: CourseEditRule;
    /** How many levels groups nest, a top group counting as one. */
    maxGroupDepth: number;
  };
}

export interface GroupListResponse {
  data: SetupGroupRow[];
  meta: { pagination: Pagination };
}

export interface GroupResponse {
  data: SetupGroupDetail;
}

export interface LearnerOption {
  documentId: string;
  username: string;
  email: string;
}

export interface AdminUserOption {
  id: number;
  name: string;
  email: string;
}

export interface ManagerLinkRow {
  documentId: string;
  user: AdminUserOption;
  rights: Rights;
}

export interface ManagersResponse {
  data: ManagerLinkRow[];
}

export interface ManagerResponse {
  data: ManagerLinkRow;
  /** The admin user was given the Group Manager role, which the rights need. */
  roleAdded: boolean;
}

export interface PickerResponse<T> {
  data: T[];
}

/** How a course is shared, for a notice where it is edited. */
export interface CourseSharingResponse {
  data: {
    groupCount: number;
    rule: CourseEditRule;
    /** Groups using the course where the asking admin does not hold the edit-courses right. */
    groupsWithoutRight: number;
  };
}
