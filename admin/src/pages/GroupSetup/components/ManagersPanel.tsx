import * as React from 'react';
import { Box, Button, Dialog, Flex, IconButton, Typography } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import type { ManagerLinkRow, Rights, SetupGroupDetail } from '../../../../../common/contracts/group-setup';
import {
  errorMessage,
  useAddGroupManagerMutation,
  useAdminUserOptions,
  useGroupManagers,
  useRemoveGroupManagerMutation,
  useUpdateGroupManagerMutation,
} from '../../../api/groups';
import { SearchPicker, type PickerOption } from '../../../components/SearchPicker';
import { useFormRequest } from '../../../hooks/useFormRequest';
import { useT } from '../../../hooks/useT';
import { RightsChecklist } from './RightsChecklist';

/** A new link's rights start as the Content Manager's defaults: everything but editing courses. */
const DEFAULT_RIGHTS: Rights = {
  viewReports: true,
  exportReports: true,
  manageEnrollments: true,
  manageMembers: true,
  editCourses: false,
  messageMembers: true,
};

const useAdminPicker = (search: string) => {
  const options = useAdminUserOptions(search);
  return {
    ...options,
    data: options.data?.data.map((user) => ({
      value: String(user.id),
      label: `${user.name} (${user.email})`,
    })),
  };
};

const Section = ({ children }: { children: React.ReactNode }) => (
  <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
    <Flex direction="column" alignItems="stretch" gap={4}>
      {children}
    </Flex>
  </Box>
);

const LinkCard = ({ group, link }: { group: SetupGroupDetail; link: ManagerLinkRow }) => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const [updateManager] = useUpdateGroupManagerMutation();
  const [removeManager] = useRemoveGroupManagerMutation();
  const [confirming, setConfirming] = React.useState(false);
  const request = useFormRequest();

  const change = (rights: Rights) =>
    request.run(async () => {
      await updateManager({ documentId: group.documentId, linkId: link.documentId, rights }).unwrap();
    });
  const remove = async () => {
    try {
      await removeManager({ documentId: group.documentId, linkId: link.documentId }).unwrap();
      toggleNotification({
        type: 'success',
        message: t('setup.managers.removed', '{name} no longer manages {group}.', {
          name: link.user.name,
          group: group.name,
        }),
      });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
    setConfirming(false);
  };

  return (
    <Box borderColor="neutral200" hasRadius padding={4} data-manager={link.user.email}>
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4}>
        <Box>
          <Typography variant="delta" tag="h3">
            {link.user.name}
          </Typography>
          <Typography textColor="neutral600">{link.user.email}</Typography>
        </Box>
        <IconButton
          label={t('setup.managers.remove', 'Remove {name} as manager', { name: link.user.name })}
          variant="ghost"
          onClick={() => setConfirming(true)}
        >
          <Trash />
        </IconButton>
      </Flex>
      <Box paddingTop={3}>
        <RightsChecklist
          idPrefix={`link-${link.documentId}`}
          rights={link.rights}
          disabled={request.busy}
          onChange={change}
        />
        {request.error ? <Typography textColor="danger600">{request.error}</Typography> : null}
      </Box>
      <Dialog.Root open={confirming} onOpenChange={setConfirming}>
        <ConfirmDialog
          title={t('setup.managers.remove.title', 'Remove this manager?')}
          variant="danger"
          onConfirm={remove}
          onCancel={() => setConfirming(false)}
        >
          {t(
            'setup.managers.remove.body',
            '{name} loses every right in {group} on their next request. Their account and their other groups stay.',
            { name: link.user.name, group: group.name }
          )}
        </ConfirmDialog>
      </Dialog.Root>
    </Box>
  );
};

/** The group's managers: add one by name or email with chosen rights, change rights, remove. */
export const ManagersPanel = ({ group, autoFocus }: { group: SetupGroupDetail; autoFocus: boolean }) => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const links = useGroupManagers(group.documentId);
  const [addManager] = useAddGroupManagerMutation();
  const [picked, setPicked] = React.useState<PickerOption | null>(null);
  const [rights, setRights] = React.useState<Rights>(DEFAULT_RIGHTS);
  const request = useFormRequest();
  const current = links.data?.data ?? [];

  const add = () =>
    request.run(async () => {
      if (!picked) return;
      const result = await addManager({
        documentId: group.documentId,
        userId: Number(picked.value),
        rights,
      }).unwrap();
      toggleNotification({
        type: 'success',
        message: result.roleAdded
          ? t(
              'setup.managers.addedWithRole',
              '{name} now manages {group}. They were given the Group Manager role, which these rights need.',
              { name: result.data.user.name, group: group.name }
            )
          : t('setup.managers.added', '{name} now manages {group}.', {
              name: result.data.user.name,
              group: group.name,
            }),
      });
      setPicked(null);
      setRights(DEFAULT_RIGHTS);
    });

  return (
    <Section>
      <Typography variant="beta" tag="h2">
        {t('setup.managers.title', 'Managers')}
      </Typography>
      {links.error ? <Typography textColor="danger600">{links.error}</Typography> : null}
      {current.length === 0 && !links.isLoading ? (
        <Typography textColor="neutral600">
          {t('setup.managers.none', 'No one manages this group yet.')}
        </Typography>
      ) : null}
      {current.map((link) => (
        <LinkCard key={link.documentId} group={group} link={link} />
      ))}
      <Box borderColor="neutral200" hasRadius padding={4}>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="delta" tag="h3">
            {t('setup.managers.add.title', 'Add a manager')}
          </Typography>
          {picked ? (
            <Flex gap={2}>
              <Typography fontWeight="semiBold">{picked.label}</Typography>
              <Button variant="tertiary" size="S" onClick={() => setPicked(null)}>
                {t('setup.managers.add.change', 'Choose someone else')}
              </Button>
            </Flex>
          ) : (
            <SearchPicker
              label={t('setup.managers.add.who', 'Admin user')}
              hint={t('setup.managers.add.hint', 'Type a name or an email address.')}
              placeholder={t('setup.managers.add.placeholder', 'Search admin users')}
              useOptions={useAdminPicker}
              exclude={current.map((link) => String(link.user.id))}
              onPick={setPicked}
              autoFocus={autoFocus}
            />
          )}
          <RightsChecklist idPrefix="new-link" rights={rights} onChange={setRights} />
          {rights.editCourses && group.courses.some((course) => course.groupCount > 1) ? (
            <Typography variant="pi" textColor="warning700">
              {group.courseEditRule === 'all-groups'
                ? t(
                    'setup.managers.sharedAll',
                    'Some courses of this group are used by other groups too: this right edits them only where the manager holds it in every group using them.'
                  )
                : t(
                    'setup.managers.sharedAny',
                    'Some courses of this group are used by other groups too: this right edits them for every group using them.'
                  )}
            </Typography>
          ) : null}
          {request.error ? <Typography textColor="danger600">{request.error}</Typography> : null}
          <Box>
            <Button onClick={add} disabled={!picked} loading={request.busy}>
              {t('setup.managers.add.submit', 'Add manager')}
            </Button>
          </Box>
        </Flex>
      </Box>
    </Section>
  );
};

export { Section };
