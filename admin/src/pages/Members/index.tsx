import * as React from 'react';
import { Badge, Box, Checkbox, Dialog, Flex, Typography } from '@strapi/design-system';
import { ConfirmDialog, Layouts, Page, Table, useNotification, useQueryParams } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useLocation, useNavigate } from 'react-router-dom';
import type { Member, MemberRow } from '../../../../common/contracts/members';
import type { OverviewGroup } from '../../../../common/contracts/workspace';
import {
  errorMessage,
  useInvitations,
  useLookup,
  useMembers,
  useOverviewGroup,
  useRemoveMemberMutation,
} from '../../api/groups';
import { LearnerLink } from '../../components/LearnerLink';
import { LookupFilter } from '../../components/LookupFilter';
import { ListPagination, MessagePage, Notice, PageFrame } from '../../components/PageLayout';
import { OutOfScope } from '../../components/OutOfScope';
import { missingRightMessage } from '../../../../common/domain/messages';
import { serverMessage } from '../../utils/serverMessages';
import { SearchBox } from '../../components/SearchBox';
import { TableHead } from '../../components/TableHead';
import { useT } from '../../hooks/useT';
import { AddMemberModal } from './components/AddMemberModal';
import { EditMemberDialog } from './components/EditMemberDialog';
import { ImportModal } from './components/ImportModal';
import { InvitationsTable } from './components/InvitationsTable';
import { JoinCodes } from './components/JoinCodes';
import { MembershipRule } from './components/MembershipRule';
import { MessageLog } from './components/MessageLog';
import { MessageModal } from './components/MessageModal';
import { MemberActions, SharedAccountNote } from './components/MemberActions';

interface MembersQuery {
  group?: string;
  _q?: string;
  /** `true`: the members of the group's sub-groups too, each row naming its own group. */
  subGroups?: string;
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

/** The groups this page serves: those whose members I may manage or message. */
const PAGE_RIGHTS = 'manageMembers,messageMembers';
const usable = (group: OverviewGroup | null) =>
  group && (group.rights.manageMembers || group.rights.messageMembers) ? group : null;

/**
 * The group in the URL, or else the first of my groups by name: found by asking the server for that one
 * group (the lookup and a one-group overview page), so the page costs the same whatever the number of groups.
 */
const useChosenGroup = (asked: string | undefined) => {
  const first = useLookup(asked ? null : { kind: 'groups', right: PAGE_RIGHTS, limit: '1' });
  const fromUrl = useOverviewGroup(asked ?? null);
  const fallback = useOverviewGroup(asked ? null : (first.data?.data[0]?.documentId ?? null));
  // A group named in the URL is that group or none: never another group's members in its place.
  const named = asked ? fromUrl.group : fallback.group;
  return {
    named,
    group: usable(named),
    /** Not one of my groups (or no group at all): the page says so and names nothing of it. */
    foreign: Boolean(asked) && !fromUrl.isLoading && !fromUrl.group,
    isLoading: asked ? fromUrl.isLoading : first.isLoading || fallback.isLoading,
  };
};

/** Members of one group: list, add, invite, import, edit, remove and message. */
export const MembersPage = () => {
  const t = useT();
  const { formatDate } = useIntl();
  const [removeMember] = useRemoveMemberMutation();
  const { toggleNotification } = useNotification();
  const [{ query }] = useQueryParams<MembersQuery>();
  const navigate = useNavigate();
  const { search } = useLocation();

  const chosen = useChosenGroup(query.group);
  const group = chosen.group;
  const canManage = Boolean(group?.rights.manageMembers);
  const canMessage = Boolean(group?.rights.messageMembers);
  // The learner page shows enrollments: only for a group whose enrollments this manager may read.
  const canReadLearners = Boolean(group?.rights.manageEnrollments || group?.rights.viewReports);
  // Each row of the widened list is a membership of the group or a sub-group: its actions act there.
  const widened = query.subGroups === 'true';

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
          ...(widened ? { subGroups: 'true' } : {}),
          page: query.page ?? '1',
          pageSize: query.pageSize ?? '25',
        }
      : null
  );
  const invitations = useInvitations(group && canManage ? { groupId: group.documentId } : null);
  const [editing, setEditing] = React.useState<MemberRow | null>(null);
  const [removing, setRemoving] = React.useState<MemberRow | null>(null);

  const remove = async (member: MemberRow) => {
    try {
      const data = await removeMember({
        groupId: member.group.documentId,
        memberId: member.documentId,
      }).unwrap();
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
  if (chosen.isLoading) return <Page.Loading />;
  if (chosen.foreign) return <OutOfScope title={title} onLeave={() => navigate({ search: '' })} />;
  if (!group && query.group) {
    return (
      <MessagePage title={title}>
        <Notice>
          <Typography>
            {serverMessage(
              missingRightMessage(['manageMembers', 'messageMembers'], chosen.named?.name ?? null)
            )}
          </Typography>
        </Notice>
      </MessagePage>
    );
  }
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
    ...(widened ? [{ name: 'group', label: t('members.column.group', 'Group') }] : []),
    { name: 'email', label: t('members.column.email', 'Email') },
    { name: 'status', label: t('members.column.status', 'Status') },
    { name: 'createdAt', label: t('members.column.since', 'Account since') },
    ...(canManage || widened ? [{ name: 'actions', label: t('column.actions', 'Actions') }] : []),
  ];

  return (
    <PageFrame
      title={title}
      subtitle={
        pagination && widened
          ? t(
              'members.subtitle.subGroups',
              '{group} and its sub-groups: {total, plural, one {# membership} other {# memberships}}',
              { group: group.name, total: pagination.total }
            )
          : pagination
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
          // The picker carries its label above it: the search box lines up with its input.
          <Flex gap={2} alignItems="flex-end">
            <Box minWidth="22rem">
              <LookupFilter
                name="members-group"
                label={t('filters.group', 'Group')}
                lookup={{ kind: 'groups', right: PAGE_RIGHTS }}
                value={group.documentId}
                placeholder={t('register.pickGroup', 'Choose a group')}
                onChange={(value) => setQuery({ group: value, _q: '', subGroups: '' })}
              />
            </Box>
            <SearchBox
              value={query._q ?? ''}
              label={t('members.search', 'Search by name or email')}
              clearLabel={t('members.search.clear', 'Clear the search')}
              onSearch={(search) => setQuery({ _q: search })}
            />
            {/* Offered for a group with sub-groups in my scope (or when the address asks for them). */}
            {group.subTree || widened ? (
              <Box paddingBottom={2}>
                <Checkbox
                  name="subGroups"
                  checked={widened}
                  onCheckedChange={(checked: boolean | 'indeterminate') =>
                    setQuery({ subGroups: checked === true ? 'true' : '' })
                  }
                >
                  {t('filters.subGroups', 'This group and its sub-groups')}
                </Checkbox>
              </Box>
            ) : null}
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
                  : widened
                    ? t('members.empty.subGroups', 'This group and its sub-groups have no members yet.')
                    : t('members.empty', 'This group has no members yet.')
              }
            />
            <Table.Body>
              {members.map((member) => (
                <Table.Row
                  key={`${member.documentId}:${member.group.documentId}`}
                  data-member={member.email}
                  data-member-group={member.group.path}
                >
                  <Table.Cell>
                    <LearnerLink
                      documentId={member.documentId}
                      name={member.username}
                      linked={canReadLearners}
                    />
                    <SharedAccountNote member={member} />
                  </Table.Cell>
                  {widened ? (
                    <Table.Cell>
                      <Typography>{member.group.path}</Typography>
                    </Table.Cell>
                  ) : null}
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
                  {canManage || widened ? (
                    <Table.Cell>
                      <MemberActions member={member} onEdit={setEditing} onRemove={setRemoving}>
                        {widened && member.canMessage ? <MessageModal group={group} to={member} /> : null}
                      </MemberActions>
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
        {canMessage ? <MessageLog group={group} /> : null}
        {canManage ? <JoinCodes group={group} /> : null}
        {canManage ? <MembershipRule group={group} /> : null}
      </Layouts.Content>

      <EditMemberDialog member={editing} onClose={() => setEditing(null)} onSaved={() => setEditing(null)} />
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
            { name: removing?.username ?? '', group: removing?.group.path ?? group.name }
          )}
        </ConfirmDialog>
      </Dialog.Root>
    </PageFrame>
  );
};
