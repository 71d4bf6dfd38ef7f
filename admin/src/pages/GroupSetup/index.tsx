import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Layouts, Table, useQueryParams } from '@strapi/strapi/admin';
import { Link } from 'react-router-dom';
import { ARCHIVED_FILTERS, type GroupListQuery } from '../../../../common/contracts/group-setup';
import { useSetupGroups, type QueryString } from '../../api/groups';
import { ListPagination, PageFrame } from '../../components/PageLayout';
import { SearchBox } from '../../components/SearchBox';
import { DataTable } from '../../components/DataTable';
import { useSetUrlQuery } from '../../hooks/useSetUrlQuery';
import { useT } from '../../hooks/useT';
import { PLUGIN_ID } from '../../pluginId';
import { useChoiceLabels } from './hooks/useChoiceLabels';

export const SETUP_PATH = `/plugins/${PLUGIN_ID}/setup`;

/** The site owner's list of groups: search, archived filter and paging, all asked of the server. */
export const GroupSetupPage = () => {
  const t = useT();
  const labels = useChoiceLabels();
  const [{ query }] = useQueryParams<QueryString<GroupListQuery>>();
  const list = useSetupGroups({
    ...(query.search ? { search: query.search } : {}),
    archived: query.archived ?? 'active',
    page: query.page ?? '1',
    pageSize: query.pageSize ?? '25',
  });

  const setQuery: (changes: QueryString<GroupListQuery>) => void = useSetUrlQuery();

  const groups = list.data?.data ?? [];
  const pagination = list.data?.meta.pagination;
  const headers = [
    { name: 'name', label: t('setup.column.name', 'Group') },
    { name: 'parent', label: t('setup.column.parent', 'Parent group') },
    { name: 'visibility', label: t('setup.column.visibility', 'Who can ask') },
    { name: 'enrollmentPolicy', label: t('setup.column.policy', 'Enrollment') },
    { name: 'members', label: t('setup.column.members', 'Members') },
    { name: 'courses', label: t('setup.column.courses', 'Courses') },
    { name: 'managers', label: t('setup.column.managers', 'Managers') },
  ];
  const archivedLabels: Record<(typeof ARCHIVED_FILTERS)[number], string> = {
    active: t('setup.filter.active', 'Active groups'),
    archived: t('setup.filter.archived', 'Archived groups'),
    all: t('setup.filter.all', 'All groups'),
  };

  return (
    <PageFrame
      title={t('setup.title', 'Set up groups')}
      subtitle={
        pagination
          ? t('setup.subtitle', '{total, plural, one {# group} other {# groups}}', {
              total: pagination.total,
            })
          : undefined
      }
      primaryAction={
        <Button tag={Link} to={`${SETUP_PATH}/new`} startIcon={<Plus />}>
          {t('setup.new', 'New group')}
        </Button>
      }
    >
      <Layouts.Action
        startActions={
          <Flex gap={2}>
            <SearchBox
              minWidth="24rem"
              value={query.search ?? ''}
              label={t('setup.search', 'Search groups by name')}
              clearLabel={t('setup.search.clear', 'Clear the search')}
              onSearch={(search) => setQuery({ search })}
            />
            <Box minWidth="16rem">
              <SingleSelect
                aria-label={t('setup.filter', 'Which groups')}
                value={query.archived ?? 'active'}
                onChange={(value) => setQuery({ archived: String(value) as GroupListQuery['archived'] })}
              >
                {ARCHIVED_FILTERS.map((filter) => (
                  <SingleSelectOption key={filter} value={filter}>
                    {archivedLabels[filter]}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Box>
          </Flex>
        }
      />
      <Layouts.Content>
        {list.error ? (
          <Box paddingBottom={4}>
            <Typography textColor="danger600">{list.error}</Typography>
          </Box>
        ) : null}
        <DataTable
          rows={groups.map((g) => ({ ...g, id: g.documentId }))}
          headers={headers}
          isLoading={list.isLoading && !list.data}
          empty={
            query.search
              ? t('setup.empty.search', 'No group matches this search.')
              : t('setup.empty', 'No groups here yet. Start with "New group".')
          }
        >
          {groups.map((group) => (
            <Table.Row key={group.documentId}>
              <Table.Cell>
                <Flex gap={2}>
                  <Link to={`${SETUP_PATH}/${group.documentId}`}>
                    <Typography fontWeight="semiBold" textColor="primary600">
                      {group.name}
                    </Typography>
                  </Link>
                  {group.archivedAt ? <Badge>{t('setup.archivedBadge', 'Archived')}</Badge> : null}
                </Flex>
              </Table.Cell>
              <Table.Cell>
                <Typography textColor={group.parent ? undefined : 'neutral600'}>
                  {group.parent ? group.parent.path : t('setup.parent.top', 'None (top)')}
                </Typography>
              </Table.Cell>
              <Table.Cell>
                <Typography>{labels.visibility[group.visibility].label}</Typography>
              </Table.Cell>
              <Table.Cell>
                <Typography>{labels.policy[group.enrollmentPolicy].label}</Typography>
              </Table.Cell>
              <Table.Cell>
                <Typography>
                  {group.seatLimit === null
                    ? group.memberCount
                    : t('setup.membersOfSeats', '{members} ({seats} seats)', {
                        members: group.memberCount,
                        seats: group.seatLimit,
                      })}
                </Typography>
              </Table.Cell>
              <Table.Cell>
                <Typography>{group.courseCount}</Typography>
              </Table.Cell>
              <Table.Cell>
                <Typography>{group.managerCount}</Typography>
              </Table.Cell>
            </Table.Row>
          ))}
        </DataTable>
        {pagination && pagination.total > 0 ? <ListPagination pagination={pagination} /> : null}
      </Layouts.Content>
    </PageFrame>
  );
};
