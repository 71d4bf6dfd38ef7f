/**
 * Every endpoint of the plugin that the admin panel calls, typed by its contract in common/contracts. No other
 * admin file holds a URL. The endpoints are injected into Strapi's own RTK Query api (`adminApi`), so they use
 * the admin's fetch client (token, refresh, 401 handling) and its cache; each list names the tags it provides
 * and each change the tags it makes stale, so the lists on screen refetch after a change without a manual
 * reload.
 */
import { adminApi } from '@strapi/strapi/admin';
import { serverSentence } from '../utils/serverMessages';
import type { z } from 'zod';
import type {
  AddMemberBody,
  AddMemberResponse,
  ImportApplyResponse,
  ImportPreviewResponse,
  InviteBody,
  InviteResponse,
  ListInvitationsResponse,
  ListMembersQuery,
  ListMembersResponse,
  MessageBody,
  RemoveMemberResponse,
  SendMessageResponse,
  ListMessagesResponse,
  MemberCandidatesResponse,
  InvitationLinkResponse,
  UpdateMemberBody,
  UpdateMemberResponse,
} from '../../../common/contracts/members';
import type {
  NotificationLogQuery,
  NotificationLogResponse,
  PreferencesBody,
  PreferencesResponse,
  ResendNotificationResponse,
} from '../../../common/contracts/notifications';
import type {
  EnrollmentRow,
  ExportQuery,
  ReportQuery,
  ReportResponse,
} from '../../../common/contracts/report';
import type { LearnerPageResponse } from '../../../common/contracts/learner-page';
import type { CourseLookupQuery, GroupLookupQuery, LookupResponse } from '../../../common/contracts/lookup';
import type {
  AddManagerBody,
  AdminUserOption,
  CourseOption,
  CourseSharingResponse,
  CreateGroupBody,
  GroupListQuery,
  GroupListResponse,
  GroupOption,
  GroupOptionsQuery,
  GroupResponse,
  LearnerOption,
  ManagerResponse,
  ManagersResponse,
  PickerResponse,
  SetupDefaultsResponse,
  UpdateGroupBody,
  UpdateManagerBody,
} from '../../../common/contracts/group-setup';
import type {
  AttendanceBody,
  BulkTransitionBody,
  BulkTransitionResponse,
  DueDateBody,
  DueDateResponse,
  EnrollmentListQuery,
  ExpiryBody,
  ExpiryResponse,
  EnrollmentListResponse,
  GroupMembersResponse,
  groupMembersQuerySchema,
  OverviewQuery,
  OverviewResponse,
  RegisterBody,
  RegisterResponse,
  TransitionBody,
  TransitionResponse,
} from '../../../common/contracts/workspace';
import type { HomeSummaryResponse } from '../../../common/contracts/home';
import type { CompleteWithinBody, CompleteWithinResponse } from '../../../common/contracts/course-settings';

declare global {
  interface Window {
    strapi?: { backendURL?: string };
  }
}

/** A contract's query as the admin sends it: the same names, each value as the page's URL holds it. */
export type QueryString<Query> = { [Key in keyof Query]?: string };

interface GroupArg {
  groupId: string;
}
type MemberOptionsArg = GroupArg & QueryString<z.infer<typeof groupMembersQuerySchema>>;
/** A lookup of the searchable filters; the course lookup's parameters include the group lookup's. */
export type LookupArg = { kind: 'groups' | 'courses' } & QueryString<CourseLookupQuery & GroupLookupQuery>;

/** What changes when: a list provides its tag, a change invalidates the tags of what it alters. */
const TAGS = {
  workspace: 'GroupsWorkspace',
  enrollment: 'GroupsEnrollment',
  report: 'GroupsReport',
  member: 'GroupsMember',
  invitation: 'GroupsInvitation',
  notification: 'GroupsNotification',
  preferences: 'GroupsNotificationPreferences',
  setup: 'GroupsSetup',
  message: 'GroupsMessage',
} as const;

/** A transition or a registration changes the rows, the report and the overview's counts. */
const ENROLLMENT_CHANGED = [TAGS.enrollment, TAGS.report, TAGS.workspace];
/** A change of membership changes the member list, the invitations and the overview's counts. */
const MEMBERSHIP_CHANGED = [TAGS.member, TAGS.invitation, TAGS.workspace];

const group = (groupId: string) => `/groups/groups/${groupId}`;
const setupGroup = (documentId: string) => `/groups/setup/groups/${documentId}`;
/** A change on the Groups screen changes its lists and the workspace's groups. */
const SETUP_CHANGED = [TAGS.setup, TAGS.workspace];
const upload = (file: File) => {
  const form = new FormData();
  form.append('file', file, file.name);
  return form;
};

const groupsApi = adminApi.enhanceEndpoints({ addTagTypes: Object.values(TAGS) }).injectEndpoints({
  endpoints: (build) => ({
    /* The workspace */
    /** The admin home page widget. */
    getHomeSummary: build.query<HomeSummaryResponse, void>({
      query: () => '/groups/home/summary',
      providesTags: [TAGS.workspace, TAGS.enrollment],
    }),
    getOverview: build.query<OverviewResponse, QueryString<OverviewQuery>>({
      query: (params) => ({ url: '/groups/workspace/overview', config: { params } }),
      providesTags: [TAGS.workspace],
    }),
    getLookup: build.query<LookupResponse, LookupArg>({
      query: ({ kind, ...params }) => ({ url: `/groups/lookup/${kind}`, config: { params } }),
      providesTags: [TAGS.workspace],
    }),
    getEnrollments: build.query<EnrollmentListResponse, QueryString<EnrollmentListQuery>>({
      query: (params) => ({ url: '/groups/enrollments', config: { params } }),
      providesTags: [TAGS.enrollment],
    }),
    transitionEnrollment: build.mutation<TransitionResponse, TransitionBody & { documentId: string }>({
      query: ({ documentId, ...data }) => ({
        url: `/groups/enrollments/${documentId}/transition`,
        method: 'POST',
        data,
      }),
      invalidatesTags: ENROLLMENT_CHANGED,
    }),
    bulkTransitionEnrollments: build.mutation<BulkTransitionResponse, BulkTransitionBody>({
      query: (data) => ({ url: '/groups/enrollments/bulk-transition', method: 'POST', data }),
      invalidatesTags: ENROLLMENT_CHANGED,
    }),
    setAttendance: build.mutation<{ data: EnrollmentRow }, AttendanceBody & { documentId: string }>({
      query: ({ documentId, ...data }) => ({
        url: `/groups/enrollments/${documentId}/attendance`,
        method: 'PUT',
        data,
      }),
      invalidatesTags: [TAGS.enrollment, TAGS.report],
    }),
    setDueDates: build.mutation<DueDateResponse, DueDateBody>({
      query: (data) => ({ url: '/groups/enrollments/due-date', method: 'PUT', data }),
      invalidatesTags: ENROLLMENT_CHANGED,
    }),
    setExpiry: build.mutation<ExpiryResponse, ExpiryBody>({
      query: (data) => ({ url: '/groups/enrollments/expiry', method: 'PUT', data }),
      invalidatesTags: ENROLLMENT_CHANGED,
    }),
    /** A group course's "complete within N days" (shown on the overview). */
    setCompleteWithin: build.mutation<CompleteWithinResponse, CompleteWithinBody & GroupArg>({
      query: ({ groupId, ...data }) => ({
        url: `/groups/workspace/groups/${groupId}/complete-within`,
        method: 'PUT',
        data,
      }),
      invalidatesTags: [TAGS.workspace],
    }),
    registerEnrollment: build.mutation<RegisterResponse, RegisterBody>({
      query: (data) => ({ url: '/groups/enrollments', method: 'POST', data }),
      invalidatesTags: ENROLLMENT_CHANGED,
    }),
    /** The members of a group a manager may register in one of its courses. */
    getMemberOptions: build.query<GroupMembersResponse, MemberOptionsArg>({
      query: ({ groupId, ...params }) => ({
        url: `/groups/workspace/groups/${groupId}/members`,
        config: { params },
      }),
      providesTags: [TAGS.member],
    }),

    /* Reports */
    getReport: build.query<ReportResponse, QueryString<ReportQuery>>({
      query: (params) => ({ url: '/groups/reports', config: { params } }),
      providesTags: [TAGS.report],
    }),

    /* A learner's page: their enrollments in my groups, with history */
    getLearnerPage: build.query<LearnerPageResponse, { documentId: string }>({
      query: ({ documentId }) => `/groups/learners/${documentId}`,
      providesTags: [TAGS.enrollment, TAGS.member],
    }),

    /* Members of a group */
    getMembers: build.query<ListMembersResponse, GroupArg & QueryString<ListMembersQuery>>({
      query: ({ groupId, ...params }) => ({ url: `${group(groupId)}/members`, config: { params } }),
      providesTags: [TAGS.member],
    }),
    addMember: build.mutation<AddMemberResponse, GroupArg & AddMemberBody>({
      query: ({ groupId, ...data }) => ({ url: `${group(groupId)}/members`, method: 'POST', data }),
      invalidatesTags: MEMBERSHIP_CHANGED,
    }),
    updateMember: build.mutation<UpdateMemberResponse, GroupArg & UpdateMemberBody & { memberId: string }>({
      query: ({ groupId, memberId, ...data }) => ({
        url: `${group(groupId)}/members/${memberId}`,
        method: 'PUT',
        data,
      }),
      invalidatesTags: [...MEMBERSHIP_CHANGED, TAGS.enrollment, TAGS.report],
    }),
    /** Also cancels the member's open enrollments in the group. */
    removeMember: build.mutation<RemoveMemberResponse, GroupArg & { memberId: string }>({
      query: ({ groupId, memberId }) => ({ url: `${group(groupId)}/members/${memberId}`, method: 'DELETE' }),
      invalidatesTags: [...MEMBERSHIP_CHANGED, TAGS.enrollment, TAGS.report],
    }),
    getInvitations: build.query<ListInvitationsResponse, GroupArg>({
      query: ({ groupId }) => `${group(groupId)}/invitations`,
      providesTags: [TAGS.invitation],
    }),
    inviteMember: build.mutation<InviteResponse, GroupArg & InviteBody>({
      query: ({ groupId, ...data }) => ({ url: `${group(groupId)}/invitations`, method: 'POST', data }),
      invalidatesTags: MEMBERSHIP_CHANGED,
    }),
    resendInvitation: build.mutation<unknown, GroupArg & { invitationId: string }>({
      query: ({ groupId, invitationId }) => ({
        url: `${group(groupId)}/invitations/${invitationId}/resend`,
        method: 'POST',
        data: {},
      }),
      invalidatesTags: MEMBERSHIP_CHANGED,
    }),
    revokeInvitation: build.mutation<unknown, GroupArg & { invitationId: string }>({
      query: ({ groupId, invitationId }) => ({
        url: `${group(groupId)}/invitations/${invitationId}`,
        method: 'DELETE',
      }),
      invalidatesTags: MEMBERSHIP_CHANGED,
    }),
    sendMessage: build.mutation<SendMessageResponse, GroupArg & MessageBody>({
      query: ({ groupId, ...data }) => ({ url: `${group(groupId)}/messages`, method: 'POST', data }),
      invalidatesTags: [TAGS.message],
    }),
    /** A message's failed emails sent again (the same emails, within the sender's hourly limit). */
    retryMessage: build.mutation<SendMessageResponse, GroupArg & { messageId: string }>({
      query: ({ groupId, messageId }) => ({
        url: `${group(groupId)}/messages/${messageId}/retry`,
        method: 'POST',
      }),
      invalidatesTags: [TAGS.message],
    }),
    /** Accounts the manager may add to the group, by name or email (a bounded list). */
    getMemberCandidates: build.query<MemberCandidatesResponse, GroupArg & { search?: string }>({
      query: ({ groupId, ...params }) => ({ url: `${group(groupId)}/member-candidates`, config: { params } }),
      providesTags: [TAGS.member],
    }),
    /** The group's recent messages, newest first. */
    getMessages: build.query<ListMessagesResponse, GroupArg>({
      query: ({ groupId }) => `${group(groupId)}/messages`,
      providesTags: [TAGS.message],
    }),
    /** A fresh link of a pending invitation (the old one stops working), to hand over another way. */
    invitationLink: build.mutation<InvitationLinkResponse, GroupArg & { invitationId: string }>({
      query: ({ groupId, invitationId }) => ({
        url: `${group(groupId)}/invitations/${invitationId}/link`,
        method: 'POST',
      }),
    }),
    /** What each row of a class list would do; nothing is written. */
    previewImport: build.mutation<ImportPreviewResponse, GroupArg & { file: File }>({
      query: ({ groupId, file }) => ({
        url: `${group(groupId)}/members-import/preview`,
        method: 'POST',
        data: upload(file),
      }),
    }),
    /** Applies the same file again; the server checks it once more against the database as it is then. */
    applyImport: build.mutation<ImportApplyResponse, GroupArg & { file: File; skipInvalid?: boolean }>({
      query: ({ groupId, file, skipInvalid }) => ({
        url: `${group(groupId)}/members-import`,
        method: 'POST',
        data: upload(file),
        ...(skipInvalid ? { config: { params: { skipInvalid: 'true' } } } : {}),
      }),
      invalidatesTags: MEMBERSHIP_CHANGED,
    }),

    /* Notifications */
    getNotifications: build.query<NotificationLogResponse, QueryString<NotificationLogQuery>>({
      query: (params) => ({ url: '/groups/notifications', config: { params } }),
      providesTags: [TAGS.notification],
    }),
    resendNotification: build.mutation<ResendNotificationResponse, { id: number }>({
      query: ({ id }) => ({ url: `/groups/notifications/${id}/resend`, method: 'POST', data: {} }),
      invalidatesTags: [TAGS.notification],
    }),
    getNotificationPreferences: build.query<PreferencesResponse, void>({
      query: () => '/groups/notifications/preferences',
      providesTags: [TAGS.preferences],
    }),
    setNotificationPreferences: build.mutation<PreferencesResponse, PreferencesBody>({
      query: (data) => ({ url: '/groups/notifications/preferences', method: 'PUT', data }),
      invalidatesTags: [TAGS.preferences],
    }),
    /* The site owner's Groups screen */
    getSetupGroups: build.query<GroupListResponse, QueryString<GroupListQuery>>({
      query: (params) => ({ url: '/groups/setup/groups', config: { params } }),
      providesTags: [TAGS.setup],
    }),
    getSetupGroup: build.query<GroupResponse, { documentId: string }>({
      query: ({ documentId }) => setupGroup(documentId),
      providesTags: [TAGS.setup],
    }),
    createSetupGroup: build.mutation<GroupResponse, CreateGroupBody>({
      query: (data) => ({ url: '/groups/setup/groups', method: 'POST', data }),
      invalidatesTags: SETUP_CHANGED,
    }),
    updateSetupGroup: build.mutation<GroupResponse, UpdateGroupBody & { documentId: string }>({
      query: ({ documentId, ...data }) => ({ url: setupGroup(documentId), method: 'PUT', data }),
      invalidatesTags: SETUP_CHANGED,
    }),
    setGroupArchived: build.mutation<GroupResponse, { documentId: string; archived: boolean }>({
      query: ({ documentId, archived }) => ({
        url: `${setupGroup(documentId)}/${archived ? 'archive' : 'restore'}`,
        method: 'POST',
        data: {},
      }),
      invalidatesTags: SETUP_CHANGED,
    }),
    getGroupManagers: build.query<ManagersResponse, { documentId: string }>({
      query: ({ documentId }) => `${setupGroup(documentId)}/managers`,
      providesTags: [TAGS.setup],
    }),
    addGroupManager: build.mutation<ManagerResponse, AddManagerBody & { documentId: string }>({
      query: ({ documentId, ...data }) => ({
        url: `${setupGroup(documentId)}/managers`,
        method: 'POST',
        data,
      }),
      invalidatesTags: SETUP_CHANGED,
    }),
    updateGroupManager: build.mutation<
      ManagerResponse,
      UpdateManagerBody & { documentId: string; linkId: string }
    >({
      query: ({ documentId, linkId, ...data }) => ({
        url: `${setupGroup(documentId)}/managers/${linkId}`,
        method: 'PUT',
        data,
      }),
      invalidatesTags: SETUP_CHANGED,
    }),
    removeGroupManager: build.mutation<unknown, { documentId: string; linkId: string }>({
      query: ({ documentId, linkId }) => ({
        url: `${setupGroup(documentId)}/managers/${linkId}`,
        method: 'DELETE',
      }),
      invalidatesTags: SETUP_CHANGED,
    }),
    getSetupDefaults: build.query<SetupDefaultsResponse, void>({
      query: () => '/groups/setup/defaults',
    }),
    getGroupOptions: build.query<PickerResponse<GroupOption>, GroupOptionsQuery>({
      query: (params) => ({ url: '/groups/setup/group-options', config: { params } }),
      providesTags: [TAGS.setup],
    }),
    getCourseOptions: build.query<PickerResponse<CourseOption>, { search?: string }>({
      query: (params) => ({ url: '/groups/setup/course-options', config: { params } }),
    }),
    getLearnerOptions: build.query<PickerResponse<LearnerOption>, { search?: string }>({
      query: (params) => ({ url: '/groups/setup/learner-options', config: { params } }),
    }),
    getAdminUserOptions: build.query<PickerResponse<AdminUserOption>, { search?: string }>({
      query: (params) => ({ url: '/groups/setup/admin-user-options', config: { params } }),
    }),
    getCourseSharing: build.query<CourseSharingResponse, { documentId: string }>({
      query: ({ documentId }) => `/groups/courses/${documentId}/sharing`,
    }),
  }),
});

/**
 * The Excel export's address for the filters of a report view; the file holds every row of the view, so its
 * page is left out. The download does not go through the fetch client: it is read as a stream so the page
 * can show how much has arrived while a large file is still being written.
 */
export const reportExportUrl = (params: QueryString<ExportQuery>): string => {
  const search = new URLSearchParams();
  Object.entries(params).forEach(([key, value]) => {
    if (value !== undefined && value !== '' && !['page', 'pageSize'].includes(key)) search.set(key, value);
  });
  return `${window.strapi?.backendURL ?? ''}/groups/reports/export?${search.toString()}`;
};

/**
 * The sentence of a failed request in the reader's language: the message of Strapi's error answer (by its key,
 * see utils/serverMessages.ts), or of the network failure.
 */
export const errorMessage = (error: unknown): string => serverSentence(error);

/**
 * A query's result as the pages show it: the data of the last answer, none after a failure (the page shows
 * the error instead), and `isLoading` whenever a request is under way.
 */
export interface QueryState<T> {
  data: T | undefined;
  error: string | null;
  isLoading: boolean;
}
export const state = <T>(result: { data?: T; error?: unknown; isFetching: boolean }): QueryState<T> => ({
  data: result.error ? undefined : result.data,
  error: result.error ? errorMessage(result.error) : null,
  isLoading: result.isFetching,
});
/** A page asks again each time it opens, so it never shows a copy cached on an earlier visit. */
export const FRESH = { refetchOnMountOrArgChange: true } as const;

export const useHomeSummary = () => state(groupsApi.useGetHomeSummaryQuery(undefined, FRESH));
/** `null`: nothing is asked (an admin who may open the Groups screen but not the workspace). */
export const useOverview = (params: QueryString<OverviewQuery> | null) =>
  state(groupsApi.useGetOverviewQuery(params ?? {}, { ...FRESH, skip: params === null }));
/** One group of the overview (its rights, courses, counts), for a picker's chosen group; `null`: none. */
export const useOverviewGroup = (documentId: string | null) => {
  const result = state(
    groupsApi.useGetOverviewQuery(
      { group: documentId ?? undefined, pageSize: '1' },
      { ...FRESH, skip: !documentId }
    )
  );
  return { group: documentId ? (result.data?.data[0] ?? null) : null, isLoading: result.isLoading };
};
/**
 * The overview's rows (seats, rights) of the groups of a listed page of enrollments: at most 50 groups, one
 * request, so the answer stays bounded by the page, not by the scope.
 */
export const useOverviewGroups = (documentIds: string[]) => {
  const ids = [...new Set(documentIds)].sort().slice(0, 50);
  const result = state(
    groupsApi.useGetOverviewQuery(
      { group: ids.join(','), pageSize: String(Math.max(ids.length, 1)) },
      { ...FRESH, skip: ids.length === 0 }
    )
  );
  return ids.length ? (result.data?.data ?? []) : [];
};
/** `null`: nothing to look up, nothing is asked. Lookups may come from the cache: they only name things. */
export const useLookup = (arg: LookupArg | null) =>
  state(groupsApi.useGetLookupQuery(arg ?? { kind: 'groups' }, { skip: arg === null }));
export const useEnrollments = (params: QueryString<EnrollmentListQuery>) =>
  state(groupsApi.useGetEnrollmentsQuery(params, FRESH));
export const useReport = (params: QueryString<ReportQuery>) =>
  state(groupsApi.useGetReportQuery(params, FRESH));
export const useLearnerPage = (documentId: string) =>
  state(groupsApi.useGetLearnerPageQuery({ documentId }, FRESH));
/** `null`: no group chosen yet, nothing is asked. */
export const useMemberOptions = (arg: MemberOptionsArg | null) =>
  state(groupsApi.useGetMemberOptionsQuery(arg ?? { groupId: '' }, { ...FRESH, skip: arg === null }));
export const useMembers = (arg: (GroupArg & QueryString<ListMembersQuery>) | null) =>
  state(groupsApi.useGetMembersQuery(arg ?? { groupId: '' }, { ...FRESH, skip: arg === null }));
export const useMemberCandidates = (groupId: string, search: string) =>
  state(groupsApi.useGetMemberCandidatesQuery(search ? { groupId, search } : { groupId }, FRESH));
export const useMessageLog = (arg: GroupArg | null) =>
  state(groupsApi.useGetMessagesQuery(arg ?? { groupId: '' }, { ...FRESH, skip: arg === null }));
export const useInvitations = (arg: GroupArg | null) =>
  state(groupsApi.useGetInvitationsQuery(arg ?? { groupId: '' }, { ...FRESH, skip: arg === null }));

export const useNotifications = (params: QueryString<NotificationLogQuery>) =>
  state(groupsApi.useGetNotificationsQuery(params, FRESH));
export const useNotificationPreferences = () =>
  state(groupsApi.useGetNotificationPreferencesQuery(undefined, FRESH));
export const useSetupGroups = (params: QueryString<GroupListQuery>) =>
  state(groupsApi.useGetSetupGroupsQuery(params, FRESH));
export const useSetupGroup = (documentId: string | null) =>
  state(groupsApi.useGetSetupGroupQuery({ documentId: documentId ?? '' }, { ...FRESH, skip: !documentId }));
export const useGroupManagers = (documentId: string | null) =>
  state(
    groupsApi.useGetGroupManagersQuery({ documentId: documentId ?? '' }, { ...FRESH, skip: !documentId })
  );
/** The options of a picker for what is typed; an empty search lists the first ones. */
export const useCourseOptions = (search: string) =>
  state(groupsApi.useGetCourseOptionsQuery(search ? { search } : {}));
/** Groups a group may be placed under; `exclude` is the group itself (left out with its sub-groups). */
export const useGroupOptions = (search: string, exclude: string | undefined) =>
  state(
    groupsApi.useGetGroupOptionsQuery({ ...(search ? { search } : {}), ...(exclude ? { exclude } : {}) })
  );
/** What a new group starts from: the options of Settings → Groups as they apply now. */
export const useSetupDefaults = () => state(groupsApi.useGetSetupDefaultsQuery(undefined, FRESH));
export const useLearnerOptions = (search: string) =>
  state(groupsApi.useGetLearnerOptionsQuery(search ? { search } : {}));
export const useAdminUserOptions = (search: string) =>
  state(groupsApi.useGetAdminUserOptionsQuery(search ? { search } : {}));
/** `null`: not a course of the site (or no entry yet), nothing is asked. */
export const useCourseSharing = (documentId: string | null) =>
  state(groupsApi.useGetCourseSharingQuery({ documentId: documentId ?? '' }, { skip: !documentId }));

export const {
  useCreateSetupGroupMutation,
  useUpdateSetupGroupMutation,
  useSetGroupArchivedMutation,
  useAddGroupManagerMutation,
  useUpdateGroupManagerMutation,
  useRemoveGroupManagerMutation,
} = groupsApi;

export const {
  useResendNotificationMutation,
  useSetNotificationPreferencesMutation,
  useTransitionEnrollmentMutation,
  useBulkTransitionEnrollmentsMutation,
  useSetAttendanceMutation,
  useRegisterEnrollmentMutation,
  useSetDueDatesMutation,
  useSetExpiryMutation,
  useSetCompleteWithinMutation,
  useAddMemberMutation,
  useUpdateMemberMutation,
  useRemoveMemberMutation,
  useInviteMemberMutation,
  useResendInvitationMutation,
  useRevokeInvitationMutation,
  useSendMessageMutation,
  useRetryMessageMutation,
  useInvitationLinkMutation,
  usePreviewImportMutation,
  useApplyImportMutation,
} = groupsApi;
