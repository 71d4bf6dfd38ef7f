/**
 * The membership endpoints the admin calls (join codes; membership rules), typed by their contracts and
 * injected into Strapi's adminApi like those of api/groups.ts. Kept in a module of its own so the join
 * codes and rules screens change without touching the workspace's endpoints.
 */
import { adminApi } from '@strapi/strapi/admin';
import type { CreateJoinCodeBody, CreatedJoinCode, JoinCode } from '../../../common/contracts/join-codes';

interface GroupArg {
  groupId: string;
}

const TAGS = { joinCode: 'GroupsJoinCode' } as const;
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
  }),
});

export const useJoinCodes = (arg: GroupArg | null) =>
  membershipApi.useGetJoinCodesQuery(arg ?? { groupId: '' }, {
    refetchOnMountOrArgChange: true,
    skip: arg === null,
  });

export const { useCreateJoinCodeMutation, useDisableJoinCodeMutation } = membershipApi;
