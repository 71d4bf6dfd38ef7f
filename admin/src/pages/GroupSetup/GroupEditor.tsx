import * as React from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  Grid,
  NumberInput,
  Tag,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { Cross } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import {
  ENROLLMENT_POLICIES,
  GROUP_LIMITS,
  VISIBILITIES,
  type CourseOption,
  type EnrollmentPolicy,
  type GroupOption,
  type SetupGroupDetail,
  type Visibility,
} from '../../../../common/contracts/group-setup';
import { slugOf } from '../../../../common/domain/slug';
import {
  useCourseOptions,
  useCreateSetupGroupMutation,
  useLearnerOptions,
  useSetGroupArchivedMutation,
  useSetupDefaults,
  useSetupGroup,
  useUpdateSetupGroupMutation,
} from '../../api/groups';
import { ChoiceGroup } from '../../components/ChoiceGroup';
import { TextField } from '../../components/FormFields';
import { MessagePage, Notice, PageFrame } from '../../components/PageLayout';
import { SearchPicker, type PickerOption } from '../../components/SearchPicker';
import { useFormRequest } from '../../hooks/useFormRequest';
import { useT } from '../../hooks/useT';
import { ManagersPanel, Section } from './components/ManagersPanel';
import { ParentField } from './components/ParentField';
import { useChoiceLabels } from './hooks/useChoiceLabels';
import { SETUP_PATH } from '.';

interface FormState {
  name: string;
  slug: string;
  /** The slug was edited by hand: it no longer follows the name. */
  slugByHand: boolean;
  description: string;
  visibility: Visibility;
  enrollmentPolicy: EnrollmentPolicy;
  seatLimit: number | undefined;
  courses: CourseOption[];
  members: PickerOption[];
  parent: GroupOption | null;
}

const EMPTY: FormState = {
  name: '',
  slug: '',
  slugByHand: false,
  description: '',
  visibility: 'private',
  enrollmentPolicy: 'approval',
  seatLimit: undefined,
  courses: [],
  members: [],
  parent: null,
};

const fromGroup = (group: SetupGroupDetail): FormState => ({
  name: group.name,
  slug: group.slug,
  slugByHand: !group.slugFollowsName,
  description: group.description ?? '',
  visibility: group.visibility,
  enrollmentPolicy: group.enrollmentPolicy,
  seatLimit: group.seatLimit ?? undefined,
  courses: group.courses,
  members: [],
  parent: group.parent,
});

const useCoursePicker = (search: string) => {
  const t = useT();
  const options = useCourseOptions(search);
  return {
    ...options,
    data: options.data?.data.map((course) => ({
      value: course.documentId,
      label:
        course.groupCount > 0
          ? t('setup.course.usedBy', '{title} (used by {count, plural, one {# group} other {# groups}})', {
              title: course.title,
              count: course.groupCount,
            })
          : course.title,
      course,
    })),
  };
};

const useLearnerPicker = (search: string) => {
  const options = useLearnerOptions(search);
  return {
    ...options,
    data: options.data?.data.map((learner) => ({
      value: learner.documentId,
      label: `${learner.username} (${learner.email})`,
    })),
  };
};

/** Creates a group, or edits one with its managers: the site owner's whole setup on one page. */
export const GroupEditorPage = () => {
  const t = useT();
  const labels = useChoiceLabels();
  const { documentId } = useParams<{ documentId: string }>();
  const isNew = !documentId;
  const navigate = useNavigate();
  const { search } = useLocation();
  const { toggleNotification } = useNotification();
  const loaded = useSetupGroup(documentId ?? null);
  const [createGroup] = useCreateSetupGroupMutation();
  const [updateGroup] = useUpdateSetupGroupMutation();
  const [setArchived] = useSetGroupArchivedMutation();
  const [form, setForm] = React.useState<FormState>(EMPTY);
  const request = useFormRequest();
  const defaults = useSetupDefaults().data?.data;

  const group = loaded.data?.data;
  React.useEffect(() => {
    if (group) setForm(fromGroup(group));
  }, [group]);
  // A new group starts from the site's default enrollment policy (Settings → Groups).
  React.useEffect(() => {
    if (isNew && defaults)
      setForm((current) => ({ ...current, enrollmentPolicy: defaults.enrollmentPolicy }));
  }, [isNew, defaults]);

  const set = (changes: Partial<FormState>) => setForm((current) => ({ ...current, ...changes }));
  const setName = (name: string) =>
    setForm((current) => ({ ...current, name, slug: current.slugByHand ? current.slug : slugOf(name) }));

  const save = () =>
    request.run(async () => {
      const fields = {
        name: form.name.trim(),
        ...(form.slugByHand ? { slug: form.slug.trim() } : {}),
        description: form.description,
        visibility: form.visibility,
        enrollmentPolicy: form.enrollmentPolicy,
        seatLimit: form.seatLimit ?? null,
        courseIds: form.courses.map((course) => course.documentId),
        // Sent only when it changes: a save that leaves the parent alone does not re-check the tree.
        ...((form.parent?.documentId ?? null) !== (group?.parent?.documentId ?? null)
          ? { parentId: form.parent?.documentId ?? null }
          : {}),
      };
      if (isNew) {
        const created = await createGroup({
          ...fields,
          memberIds: form.members.map((m) => m.value),
        }).unwrap();
        toggleNotification({
          type: 'success',
          message: t('setup.created', '{name} is created. Now choose who manages it.', {
            name: created.data.name,
          }),
        });
        navigate(`${SETUP_PATH}/${created.data.documentId}?managers=add`);
      } else {
        await updateGroup({ documentId, ...fields }).unwrap();
        toggleNotification({ type: 'success', message: t('setup.saved', 'Saved.') });
      }
    });

  const archive = (archived: boolean) =>
    request.run(async () => {
      await setArchived({ documentId: documentId!, archived }).unwrap();
      toggleNotification({
        type: 'success',
        message: archived
          ? t('setup.archived', 'Archived: learners can no longer ask to join; its history is kept.')
          : t('setup.restored', 'Restored.'),
      });
    });

  if (!isNew && loaded.isLoading && !group) return <Page.Loading />;
  if (!isNew && !group) {
    return (
      <MessagePage title={t('setup.title', 'Set up groups')}>
        <Notice>
          <Typography textColor="danger600">{loaded.error}</Typography>
        </Notice>
      </MessagePage>
    );
  }

  const title = isNew ? t('setup.new', 'New group') : group!.name;
  return (
    <PageFrame
      title={title}
      subtitle={
        group?.archivedAt
          ? t('setup.isArchived', 'Archived: restore it to let learners ask again.')
          : group?.parent
            ? group.path
            : undefined
      }
      primaryAction={
        <Flex gap={2}>
          {!isNew ? (
            <Button variant="secondary" onClick={() => archive(!group!.archivedAt)} disabled={request.busy}>
              {group!.archivedAt ? t('setup.restore', 'Restore') : t('setup.archive', 'Archive')}
            </Button>
          ) : null}
          <Button onClick={save} loading={request.busy} disabled={!form.name.trim()}>
            {isNew ? t('setup.create', 'Create group') : t('setup.save', 'Save')}
          </Button>
        </Flex>
      }
    >
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Section>
            {request.error ? (
              <Typography textColor="danger600" role="alert">
                {request.error}
              </Typography>
            ) : null}
            <Grid.Root gap={4}>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <TextField
                  name="name"
                  label={t('setup.field.name', 'Name')}
                  autoFocus={isNew}
                  required
                  maxLength={GROUP_LIMITS.name}
                  value={form.name}
                  onChange={setName}
                  hint={t('setup.field.name.hint', 'How managers and learners see the group.')}
                />
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <TextField
                  name="slug"
                  label={t('setup.field.slug', 'Slug (web address)')}
                  maxLength={GROUP_LIMITS.slug}
                  value={form.slug}
                  onChange={(slug) => set({ slug, slugByHand: slug !== slugOf(form.name) })}
                  hint={
                    form.slugByHand
                      ? t(
                          'setup.field.slug.byHand',
                          'Edited by hand: it stays as it is when the name changes.'
                        )
                      : t('setup.field.slug.follows', 'Follows the name until you edit it.')
                  }
                />
              </Grid.Item>
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="description"
                  hint={t('setup.field.description.hint', 'Optional; for managers.')}
                >
                  <Field.Label>{t('setup.field.description', 'Description')}</Field.Label>
                  <Textarea
                    value={form.description}
                    maxLength={GROUP_LIMITS.description}
                    onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                      set({ description: event.target.value })
                    }
                  />
                  <Field.Hint />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <ChoiceGroup
                  name="visibility"
                  label={t('setup.field.visibility', 'Who can ask to join its courses')}
                  value={form.visibility}
                  choices={VISIBILITIES}
                  labels={labels.visibility}
                  onChange={(visibility) => set({ visibility })}
                />
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <ChoiceGroup
                  name="enrollmentPolicy"
                  label={t('setup.field.policy', 'What happens when a learner asks')}
                  value={form.enrollmentPolicy}
                  choices={ENROLLMENT_POLICIES}
                  labels={labels.policy}
                  onChange={(enrollmentPolicy) => set({ enrollmentPolicy })}
                />
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <ParentField
                  value={form.parent}
                  groupId={documentId}
                  maxDepth={defaults?.maxGroupDepth}
                  onChange={(parent) => set({ parent })}
                />
              </Grid.Item>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root
                  name="seatLimit"
                  hint={t(
                    'setup.field.seatLimit.hint',
                    'Approved places per course. Empty: no limit. Past it, requests wait on the waitlist.'
                  )}
                >
                  <Field.Label>{t('setup.field.seatLimit', 'Seat limit')}</Field.Label>
                  <NumberInput
                    value={form.seatLimit}
                    onValueChange={(value: number | undefined) => set({ seatLimit: value })}
                  />
                  <Field.Hint />
                </Field.Root>
              </Grid.Item>
            </Grid.Root>
          </Section>

          <Section>
            <Typography variant="beta" tag="h2">
              {t('setup.courses.title', 'Courses')}
            </Typography>
            <SearchPicker
              label={t('setup.courses.pick', 'Add a course')}
              hint={t('setup.courses.hint', 'Type part of a course title.')}
              placeholder={t('setup.courses.placeholder', 'Search courses')}
              useOptions={useCoursePicker}
              exclude={form.courses.map((course) => course.documentId)}
              onPick={(option) => {
                const course = (option as PickerOption & { course?: CourseOption }).course;
                if (course) set({ courses: [...form.courses, course] });
              }}
            />
            <Flex gap={2} wrap="wrap">
              {form.courses.map((course) => (
                <Tag
                  key={course.documentId}
                  icon={<Cross aria-hidden />}
                  label={t('setup.courses.remove', 'Remove {title}', { title: course.title })}
                  onClick={() =>
                    set({ courses: form.courses.filter((c) => c.documentId !== course.documentId) })
                  }
                >
                  {course.title}
                </Tag>
              ))}
            </Flex>
            {form.courses.some((course) => course.groupCount > 1 || (isNew && course.groupCount > 0)) ? (
              <Typography variant="pi" textColor="neutral600">
                {t(
                  'setup.courses.shared',
                  'A course used by several groups is one course: an edit by a manager shows in every group using it.'
                )}
              </Typography>
            ) : null}
          </Section>

          {isNew ? (
            <Section>
              <Typography variant="beta" tag="h2">
                {t('setup.members.title', 'First members')}
              </Typography>
              <SearchPicker
                label={t('setup.members.pick', 'Add a learner')}
                hint={t(
                  'setup.members.hint',
                  'Type a name or an email address. Managers add, invite and import more in Members.'
                )}
                placeholder={t('setup.members.placeholder', 'Search learners')}
                useOptions={useLearnerPicker}
                exclude={form.members.map((member) => member.value)}
                onPick={(option) => set({ members: [...form.members, option] })}
              />
              <Flex gap={2} wrap="wrap">
                {form.members.map((member) => (
                  <Tag
                    key={member.value}
                    icon={<Cross aria-hidden />}
                    label={t('setup.members.remove', 'Remove {name}', { name: member.label })}
                    onClick={() => set({ members: form.members.filter((m) => m.value !== member.value) })}
                  >
                    {member.label}
                  </Tag>
                ))}
              </Flex>
            </Section>
          ) : (
            <ManagersPanel group={group!} autoFocus={new URLSearchParams(search).get('managers') === 'add'} />
          )}
          {!isNew ? (
            <Box>
              <Typography variant="pi" textColor="neutral600">
                {t(
                  'setup.members.count',
                  '{count, plural, =0 {No members} one {# member} other {# members}}: managers with the right add and remove them in Members.',
                  {
                    count: group!.memberCount,
                  }
                )}
              </Typography>
            </Box>
          ) : null}
        </Flex>
      </Layouts.Content>
    </PageFrame>
  );
};
