import * as React from 'react';
import {
  Badge,
  Box,
  Dialog,
  Flex,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { Pencil, Trash } from '@strapi/icons';
import { ConfirmDialog, Layouts, Page, Table, useNotification, useQueryParams } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useLocation, useNavigate } from 'react-router-dom';
import type { Member } from '../../../../common/contracts/members';
import { errorMessage, useInvitations, useMembers, useRemoveMemberMutation } from '../../api/groups';
import { LearnerLink } from '../../components/LearnerLink';
import { ListPagination, MessagePage, Notice, PageFrame } from '../../components/PageLayout';
import { SearchBox } from '../../components/SearchBox';
import { TableHead } from '../../components/TableHead';
import { useT } from '../../hooks/useT';
import { useWorkspace } from '../../hooks/useWorkspace';
import { AddMemberModal } from './components/AddMemberModal';
import { EditMemberDialog } from './components/EditMemberDialog';
import { ImportModal } from './components/ImportModal';
import { InvitationsTable } from './components/InvitationsTable';
import { JoinCodes } from './components/JoinCodes';
import { MembershipRule } from './components/MembershipRule';
import { MessageModal } from './components/MessageModal';

interface MembersQuery {
  group?: string;
  _q?: string;
  page?: string;
  pageSize?: string;
}

export const MemberStatus = ({ member }: { member: Member }) => {
  const t = useT();
  if (member.blocked) {
    return (
      <Badge backgroundColor="danger100" textColor="danger700">
        {t('members.status.blocked', 'Blocked')}
      </Badge>
    );
  }
  if (!member.confirmed) {
    return (
      <Badge backgroundColor="warning100" textColor="warning700">
        {t('members.status.unconfirmed', 'Not confirmed')}
      </Badge>
    );
  }
  return (
    <Badge backgroundColor="success100" textColor="success700">
      {t('members.status.active', 'Active')}
    </Badge>
  );
};

/** Members of one group: list, add, invite, import, edit, remove and message. */
export const MembersPage = () => {
  const t = useT();
  const { formatDate } = useIntl();
  const [removeMember] = useRemoveMemberMutation();
  const { toggleNotification } = useNotification();
  const workspace = useWorkspace();
  const [{ query }] = useQueryParams<MembersQuery>();
  const navigate = useNavigate();
  const { search } = useLocation();

  const groups = workspace.groups.filter((g) => g.rights.manageMembers || g.rights.messageMembers);
  const group = groups.find((g) => g.documentId === query.group) ?? groups[0];
  const canManage = Boolean(group?.rights.manageMembers);
  const canMessage = Boolean(group?.rights.messageMembers);
  // The learner page shows enrollments: only for a group whose enrollments this manager may read.
  const canReadLearners = Boolean(group?.rights.manageEnrollments || group?.rights.viewReports);

  const setQuery = (changes: Partial<MembersQuery>) => {
    const params = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    if (!('page' in changes)) params.set('page', '1');
    navigate({ search: params.toString() });
  };

  const list = useMembers(
    group
      ? {
          groupId: group.documentId,
          ...(query._q ? { search: query._q } : {}),
          page: query.page ?? '1',
          pageSize: query.pageSize ?? '25',
        }
      : null
  );
  const invitations = useInvitations(group && canManage ? { groupId: group.documentId } : null);
  const [editing, setEditing] = React.useState<Member | null>(null);
  const [removing, setRemoving] = React.useState<Member | null>(null);

  const remove = async (member: Member) => {
    try {
      const data = await removeMember({ groupId: group!.documentId, memberId: member.documentId }).unwrap();
      toggleNotification({
        type: 'success',
        message: t(
          'members.removed',
          '{name} left the group; {count, plural, =0 {no open enrollment} one {# open enrollment} other {# open enrollments}} cancelled.',
          { name: member.username, count: data.data.cancelledEnrollments }
        ),
      });
      setRemoving(null);
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
  };

  const title = t('members.title', 'Members');
  if (workspace.isLoading) return <Page.Loading />;
  if (!group) {
    return (
      <MessagePage title={title}>
        <Notice>
          <Typography>{t('members.noGroups', 'You do not manage the members of any group.')}</Typography>
        </Notice>
      </MessagePage>
    );
  }

  const pagination = list.data?.meta.pagination;
  const members = list.data?.data ?? [];
  const headers = [
    { name: 'username', label: t('members.column.name', 'Name') },
    { name: 'email', label: t('members.column.email', 'Email') },
    { name: 'status', label: t('members.column.status', 'Status') },
    { name: 'createdAt', label: t('members.column.since', 'Account since') },
    ...(canManage ? [{ name: 'actions', label: t('column.actions', 'Actions') }] : []),
  ];

  return (
    <PageFrame
      title={title}
      subtitle={
        pagination
          ? t('members.subtitle', '{group}: {total, plural, one {# member} other {# members}}', {
              group: group.name,
              total: pagination.total,
            })
          : group.name
      }
      primaryAction={
        <Flex gap={2}>
          {canMessage ? <MessageModal group={group} /> : null}
          {canManage ? <ImportModal group={group} /> : null}
          {canManage ? <AddMemberModal group={group} /> : null}
        </Flex>
      }
    >
      <Layouts.Action
        startActions={
          <Flex gap={2}>
            <Box minWidth="22rem">
              <SingleSelect
                aria-label={t('filters.group', 'Group')}
                value={group.documentId}
                onChange={(value) => setQuery({ group: String(value), _q: '' })}
              >
                {groups.map((g) => (
                  <SingleSelectOption key={g.documentId} value={g.documentId}>
                    {g.name}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Box>
            <SearchBox
              value={query._q ?? ''}
              label={t('members.search', 'Search by name or email')}
              clearLabel={t('members.search.clear', 'Clear the search')}
              onSearch={(search) => setQuery({ _q: search })}
            />
          </Flex>
        }
      />
      <Layouts.Content>
        {list.error ? (
          <Box paddingBottom={4}>
            <Typography textColor="danger600">{list.error}</Typography>
          </Box>
        ) : null}
        <Table.Root rows={members} headers={headers} isLoading={list.isLoading && !list.data}>
          <Table.Content>
            <TableHead headers={headers} />
            <Table.Loading />
            <Table.Empty
              content={
                query._q
                  ? t('members.empty.search', 'No member matches this search.')
                  : t('members.empty', 'This group has no members yet.')
              }
            />
            <Table.Body>
              {members.map((member) => (
                <Table.Row key={member.documentId} data-member={member.email}>
                  <Table.Cell>
                    <LearnerLink
                      documentId={member.documentId}
                      name={member.username}
                      linked={canReadLearners}
                    />
                  </Table.Cell>
                  <Table.Cell>
                    <Typography>{member.email}</Typography>
                  </Table.Cell>
                  <Table.Cell>
                    <MemberStatus member={member} />
                  </Table.Cell>
                  <Table.Cell>
                    <Typography textColor="neutral600">
                      {formatDate(member.createdAt, { dateStyle: 'medium' })}
                    </Typography>
                  </Table.Cell>
                  {canManage ? (
                    <Table.Cell>
                      <Flex gap={1}>
                        <IconButton
                          label={t('members.edit', 'Edit {name}', { name: member.username })}
                          variant="ghost"
                          onClick={() => setEditing(member)}
                        >
                          <Pencil />
                        </IconButton>
                        <IconButton
                          label={t('members.remove', 'Remove {name} from the group', {
                            name: member.username,
                          })}
                          variant="ghost"
                          onClick={() => setRemoving(member)}
                        >
                          <Trash />
                        </IconButton>
                      </Flex>
                    </Table.Cell>
                  ) : null}
                </Table.Row>
              ))}
            </Table.Body>
          </Table.Content>
        </Table.Root>
        {pagination && pagination.total > 0 ? <ListPagination pagination={pagination} /> : null}
        {canManage && invitations.data && invitations.data.data.length > 0 ? (
          <InvitationsTable group={group} invitations={invitations.data.data} />
        ) : null}
        {canManage ? <JoinCodes group={group} /> : null}
        {canManage ? <MembershipRule group={group} /> : null}
      </Layouts.Content>

      <EditMemberDialog
        group={group}
        member={editing}
        onClose={() => setEditing(null)}
        onSaved={() => setEditing(null)}
      />
      <Dialog.Root open={removing !== null} onOpenChange={(open) => (!open ? setRemoving(null) : undefined)}>
        <ConfirmDialog
          title={t('members.remove.title', 'Remove from the group?')}
          variant="danger"
          onConfirm={() => (removing ? remove(removing) : undefined)}
          onCancel={() => setRemoving(null)}
        >
          {t(
            'members.remove.body',
            '{name} leaves {group}. Their open requests and places in this group are cancelled; their account stays.',
            { name: removing?.username ?? '', group: group.name }
          )}
        </ConfirmDialog>
      </Dialog.Root>
    </PageFrame>
  );
};
