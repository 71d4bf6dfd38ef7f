/**
 * The membership endpoints the admin calls (join codes; membership rules), typed by their contracts and
 * injected into Strapi's adminApi like those of api/groups.ts. Kept in a module of its own so the join
 * codes and rules screens change without touching the workspace's endpoints.
 */
import { adminApi } from '@strapi/strapi/admin';
import type { CreateJoinCodeBody, CreatedJoinCode, JoinCode } from '../../../common/contracts/join-codes';
import type {
  RuleBody,
  RulePreview,
  RuleResponse,
  SaveRuleResponse,
} from '../../../common/contracts/membership-rules';

interface GroupArg {
  groupId: string;
}

const TAGS = {
  joinCode: 'GroupsJoinCode',
  rule: 'GroupsMembershipRule',
  // The workspace's own tags (api/groups.ts): applying a rule changes the member list and the overview.
  member: 'GroupsMember',
  workspace: 'GroupsWorkspace',
} as const;
const group = (groupId: string) => `/groups/groups/${groupId}`;

const membershipApi = adminApi.enhanceEndpoints({ addTagTypes: Object.values(TAGS) }).injectEndpoints({
  endpoints: (build) => ({
    getJoinCodes: build.query<{ data: JoinCode[] }, GroupArg>({
      query: ({ groupId }) => `${group(groupId)}/join-codes`,
      providesTags: [TAGS.joinCode],
    }),
    /** The answer holds the code in full, this once. */
    createJoinCode: build.mutation<{ data: CreatedJoinCode }, GroupArg & CreateJoinCodeBody>({
      query: ({ groupId, ...data }) => ({ url: `${group(groupId)}/join-codes`, method: 'POST', data }),
      invalidatesTags: [TAGS.joinCode],
    }),
    disableJoinCode: build.mutation<{ data: JoinCode }, GroupArg & { codeId: string }>({
      query: ({ groupId, codeId }) => ({
        url: `${group(groupId)}/join-codes/${codeId}/disable`,
        method: 'POST',
        data: {},
      }),
      invalidatesTags: [TAGS.joinCode],
    }),
    getMembershipRule: build.query<RuleResponse, GroupArg>({
      query: ({ groupId }) => `${group(groupId)}/membership-rule`,
      providesTags: [TAGS.rule],
    }),
    /** Counts only; nothing is written. */
    previewMembershipRule: build.mutation<{ data: RulePreview }, GroupArg & RuleBody>({
      query: ({ groupId, ...data }) => ({
        url: `${group(groupId)}/membership-rule/preview`,
        method: 'POST',
        data,
      }),
    }),
    /** Saves and applies at once: the member list changes too. */
    saveMembershipRule: build.mutation<SaveRuleResponse, GroupArg & RuleBody>({
      query: ({ groupId, ...data }) => ({ url: `${group(groupId)}/membership-rule`, method: 'PUT', data }),
      invalidatesTags: [TAGS.rule, TAGS.member, TAGS.workspace],
    }),
    deleteMembershipRule: build.mutation<unknown, GroupArg>({
      query: ({ groupId }) => ({ url: `${group(groupId)}/membership-rule`, method: 'DELETE' }),
      invalidatesTags: [TAGS.rule],
    }),
  }),
});

export const useJoinCodes = (arg: GroupArg | null) =>
  membershipApi.useGetJoinCodesQuery(arg ?? { groupId: '' }, {
    refetchOnMountOrArgChange: true,
    skip: arg === null,
  });

export const useMembershipRule = (arg: GroupArg | null) =>
  membershipApi.useGetMembershipRuleQuery(arg ?? { groupId: '' }, {
    refetchOnMountOrArgChange: true,
    skip: arg === null,
  });

export const {
  useCreateJoinCodeMutation,
  useDisableJoinCodeMutation,
  usePreviewMembershipRuleMutation,
  useSaveMembershipRuleMutation,
  useDeleteMembershipRuleMutation,
} = membershipApi;
