/**
 * The endpoints of Settings → Groups (the options and the email templates), injected into Strapi's `adminApi`
 * like the workspace's in ./groups.ts and typed by common/contracts/settings.ts. Kept beside groups.ts so
 * the settings area stays one module; no URL of these routes lives anywhere else.
 */
import { adminApi } from '@strapi/strapi/admin';
import type {
  ListTemplatesResponse,
  PreviewTemplateResponse,
  PutSettingsBody,
  SettingsResponse,
  TemplateBody,
  TemplateResponse,
  TestTemplateResponse,
} from '../../../common/contracts/settings';
import type { EmailLanguage } from '../../../common/domain/decision-emails';
import { FRESH, state } from './groups';

const TAGS = { settings: 'GroupsSettings', templates: 'GroupsEmailTemplates' } as const;

interface TemplateArg {
  kind: string;
  language: EmailLanguage;
}
const template = ({ kind, language }: TemplateArg) =>
  `/groups/settings/templates/${encodeURIComponent(kind)}/${language}`;

const settingsApi = adminApi.enhanceEndpoints({ addTagTypes: Object.values(TAGS) }).injectEndpoints({
  endpoints: (build) => ({
    getGroupsSettings: build.query<SettingsResponse, void>({
      query: () => '/groups/settings',
      providesTags: [TAGS.settings],
    }),
    saveGroupsSettings: build.mutation<SettingsResponse, PutSettingsBody>({
      query: (data) => ({ url: '/groups/settings', method: 'PUT', data }),
      invalidatesTags: [TAGS.settings],
    }),
    getGroupsEmailTemplates: build.query<ListTemplatesResponse, void>({
      query: () => '/groups/settings/templates',
      providesTags: [TAGS.templates],
    }),
    saveGroupsEmailTemplate: build.mutation<TemplateResponse, TemplateArg & TemplateBody>({
      query: ({ kind, language, ...data }) => ({ url: template({ kind, language }), method: 'PUT', data }),
      invalidatesTags: [TAGS.templates],
    }),
    resetGroupsEmailTemplate: build.mutation<TemplateResponse, TemplateArg>({
      query: (arg) => ({ url: template(arg), method: 'DELETE' }),
      invalidatesTags: [TAGS.templates],
    }),
    previewGroupsEmailTemplate: build.mutation<PreviewTemplateResponse, TemplateArg & TemplateBody>({
      query: ({ kind, language, ...data }) => ({
        url: `${template({ kind, language })}/preview`,
        method: 'POST',
        data,
      }),
    }),
    testGroupsEmailTemplate: build.mutation<TestTemplateResponse, TemplateArg & TemplateBody>({
      query: ({ kind, language, ...data }) => ({
        url: `${template({ kind, language })}/test`,
        method: 'POST',
        data,
      }),
    }),
  }),
});

export const useSettings = () => state(settingsApi.useGetGroupsSettingsQuery(undefined, FRESH));
export const useEmailTemplates = () => state(settingsApi.useGetGroupsEmailTemplatesQuery(undefined, FRESH));

// Endpoint names carry "Groups": adminApi is shared by every plugin, and a name already taken (the i18n plugin's
// `getSettings`) would silently keep the other endpoint.
export const {
  useSaveGroupsSettingsMutation: useSaveSettingsMutation,
  useSaveGroupsEmailTemplateMutation: useSaveTemplateMutation,
  useResetGroupsEmailTemplateMutation: useResetTemplateMutation,
  usePreviewGroupsEmailTemplateMutation: usePreviewTemplateMutation,
  useTestGroupsEmailTemplateMutation: useTestTemplateMutation,
} = settingsApi;
