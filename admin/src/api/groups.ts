/**
 * Every endpoint of the plugin that the admin panel calls, typed by its contract in common/contracts. No other
 * admin file holds a URL. The endpoints are injected into Strapi's own RTK Query api (`adminApi`), so they use
 * the admin's fetch client (token, refresh, 401 handling) and its cache; each list names the tags it provides
 * and each change the tags it makes stale, so the lists on screen refetch after a change without a manual
 * reload.
 */
import { adminApi } from '@strapi/strapi/admin';
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
  UpdateMemberBody,
  UpdateMemberResponse,
} from '../../../common/contracts/members';
import type { EnrollmentRow, ReportQuery, ReportResponse } from '../../../common/contracts/report';
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
  OverviewResponse,
  RegisterBody,
  RegisterResponse,
  TransitionBody,
  TransitionResponse,
} from '../../../common/contracts/workspace';
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

/** What changes when: a list provides its tag, a change invalidates the tags of what it alters. */
const TAGS = {
  workspace: 'GroupsWorkspace',
  enrollment: 'GroupsEnrollment',
  report: 'GroupsReport',
  member: 'GroupsMember',
  invitation: 'GroupsInvitation',
} as const;

/** A transition or a registration changes the rows, the report and the overview's counts. */
const ENROLLMENT_CHANGED = [TAGS.enrollment, TAGS.report, TAGS.workspace];
/** A change of membership changes the member list, the invitations and the overview's counts. */
const MEMBERSHIP_CHANGED = [TAGS.member, TAGS.invitation, TAGS.workspace];

const group = (groupId: string) => `/groups/groups/${groupId}`;
const upload = (file: File) => {
  const form = new FormData();
  form.append('file', file, file.name);
  return form;
};

const groupsApi = adminApi.enhanceEndpoints({ addTagTypes: Object.values(TAGS) }).injectEndpoints({
  endpoints: (build) => ({
    /* The workspace */
    getOverview: build.query<OverviewResponse, void>({
      query: () => '/groups/workspace/overview',
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
    applyImport: build.mutation<ImportApplyResponse, GroupArg & { file: File }>({
      query: ({ groupId, file }) => ({
        url: `${group(groupId)}/members-import`,
        method: 'POST',
        data: upload(file),
      }),
      invalidatesTags: MEMBERSHIP_CHANGED,
    }),
  }),
});

/**
 * The Excel export's address for the filters of a report view; the file holds every row of the view, so its
 * page is left out. The download does not go through the fetch client: it is read as a stream so the page
 * can show how much has arrived while a large file is still being written.
 */
export const reportExportUrl = (params: QueryString<ReportQuery>): string => {
  const search = new URLSearchParams();
  Object.entries(params).forEach(([key, value]) => {
    if (value !== undefined && value !== '' && !['page', 'pageSize'].includes(key)) search.set(key, value);
  });
  return `${window.strapi?.backendURL ?? ''}/groups/reports/export?${search.toString()}`;
};

/** The sentence of a failed request: the message of Strapi's error answer, or of the network failure. */
export const errorMessage = (error: unknown): string => (error as Error)?.message ?? String(error);

/**
 * A query's result as the pages show it: the data of the last answer, none after a failure (the page shows
 * the error instead), and `isLoading` whenever a request is under way.
 */
export interface QueryState<T> {
  data: T | undefined;
  error: string | null;
  isLoading: boolean;
}
const state = <T>(result: { data?: T; error?: unknown; isFetching: boolean }): QueryState<T> => ({
  data: result.error ? undefined : result.data,
  error: result.error ? errorMessage(result.error) : null,
  isLoading: result.isFetching,
});
/** A page asks again each time it opens, so it never shows a copy cached on an earlier visit. */
const FRESH = { refetchOnMountOrArgChange: true } as const;

export const useOverview = () => state(groupsApi.useGetOverviewQuery(undefined, FRESH));
export const useEnrollments = (params: QueryString<EnrollmentListQuery>) =>
  state(groupsApi.useGetEnrollmentsQuery(params, FRESH));
export const useReport = (params: QueryString<ReportQuery>) =>
  state(groupsApi.useGetReportQuery(params, FRESH));
/** `null`: no group chosen yet, nothing is asked. */
export const useMemberOptions = (arg: MemberOptionsArg | null) =>
  state(groupsApi.useGetMemberOptionsQuery(arg ?? { groupId: '' }, { ...FRESH, skip: arg === null }));
export const useMembers = (arg: (GroupArg & QueryString<ListMembersQuery>) | null) =>
  state(groupsApi.useGetMembersQuery(arg ?? { groupId: '' }, { ...FRESH, skip: arg === null }));
export const useInvitations = (arg: GroupArg | null) =>
  state(groupsApi.useGetInvitationsQuery(arg ?? { groupId: '' }, { ...FRESH, skip: arg === null }));

export const {
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
  usePreviewImportMutation,
  useApplyImportMutation,
} = groupsApi;
