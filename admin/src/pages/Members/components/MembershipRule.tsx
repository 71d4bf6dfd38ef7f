import * as React from 'react';
import { Box, Button, Flex, Grid, IconButton, Textarea, Typography } from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import type { RuleBody, RulePreview } from '../../../../../common/contracts/membership-rules';
import {
  operatorsFor,
  type RuleCondition,
  type RuleMatch,
  type RuleOnLeave,
  type RuleOperator,
} from '../../../../../common/domain/membership-rules';
import type { UserField } from '../../../../../common/domain/user-fields';
import type { OverviewGroup } from '../../../../../common/contracts/workspace';
import { errorMessage } from '../../../api/groups';
import {
  useDeleteMembershipRuleMutation,
  useMembershipRule,
  usePreviewMembershipRuleMutation,
  useSaveMembershipRuleMutation,
} from '../../../api/membership';
import { FormField, SelectField, TextField } from '../../../components/FormFields';
import { useT } from '../../../hooks/useT';

/**
 * A condition as the editor holds it: values as typed, one per line for "one of" (a value may hold a
 * comma: "Sales, Benelux" is one department).
 */
interface Draft {
  attribute: string;
  operator: RuleOperator;
  text: string;
}

const toDraft = (condition: RuleCondition): Draft => ({
  attribute: condition.attribute,
  operator: condition.operator,
  text: condition.values.map(String).join('\n'),
});

const toCondition = (draft: Draft, field: UserField | undefined): RuleCondition => {
  const parts = draft.operator === 'oneOf' ? draft.text.split(/\r?\n/) : [draft.text];
  const values = parts.map((part) => part.trim()).filter(Boolean);
  return {
    attribute: draft.attribute,
    operator: draft.operator,
    values: field?.kind === 'boolean' ? values.map((v) => v === 'true') : values,
  };
};

const ConditionRow = ({
  draft,
  fields,
  index,
  onChange,
  onRemove,
}: {
  draft: Draft;
  fields: UserField[];
  index: number;
  onChange: (draft: Draft) => void;
  onRemove: () => void;
}) => {
  const t = useT();
  const field = fields.find((f) => f.name === draft.attribute);
  const operatorLabel = (operator: RuleOperator) =>
    ({
      equals: t('rules.operator.equals', 'equals'),
      oneOf: t('rules.operator.oneOf', 'is one of'),
      endsWith: t('rules.operator.endsWith', 'ends with'),
    })[operator];
  const name = `rule-condition-${index}`;
  return (
    <Grid.Root gap={3}>
      <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
        <SelectField
          name={`${name}-attribute`}
          label={t('rules.attribute', 'Attribute')}
          value={draft.attribute}
          options={fields.map((f) => ({ value: f.name, label: f.name }))}
          onChange={(attribute) => {
            const kind = fields.find((f) => f.name === attribute)?.kind ?? 'string';
            onChange({ attribute, operator: operatorsFor(kind)[0], text: '' });
          }}
        />
      </Grid.Item>
      <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
        <SelectField
          name={`${name}-operator`}
          label={t('rules.operator', 'Condition')}
          value={draft.operator}
          options={operatorsFor(field?.kind ?? 'string').map((op) => ({
            value: op,
            label: operatorLabel(op),
          }))}
          onChange={(operator) => onChange({ ...draft, operator: operator as RuleOperator })}
        />
      </Grid.Item>
      <Grid.Item col={4} s={10} direction="column" alignItems="stretch">
        {field?.kind === 'boolean' ? (
          <SelectField
            name={`${name}-value`}
            label={t('rules.value', 'Value')}
            value={draft.text}
            options={[
              { value: 'true', label: t('userFields.yes', 'Yes') },
              { value: 'false', label: t('userFields.no', 'No') },
            ]}
            onChange={(text) => onChange({ ...draft, text })}
          />
        ) : field?.kind === 'enumeration' && draft.operator === 'equals' ? (
          <SelectField
            name={`${name}-value`}
            label={t('rules.value', 'Value')}
            value={draft.text}
            options={(field.values ?? []).map((value) => ({ value, label: value }))}
            onChange={(text) => onChange({ ...draft, text })}
          />
        ) : draft.operator === 'oneOf' ? (
          <FormField
            name={`${name}-value`}
            label={t('rules.value.oneOfLabel', 'Values')}
            hint={t('rules.value.oneOf', 'One value per line.')}
          >
            <Textarea
              value={draft.text}
              onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                onChange({ ...draft, text: event.target.value })
              }
            />
          </FormField>
        ) : (
          <TextField
            name={`${name}-value`}
            label={t('rules.value', 'Value')}
            hint={
              draft.operator === 'endsWith'
                ? t('rules.value.endsWith', 'An email domain: @example.com')
                : undefined
            }
            value={draft.text}
            onChange={(text) => onChange({ ...draft, text })}
          />
        )}
      </Grid.Item>
      <Grid.Item col={1} s={2} alignItems="center" paddingTop={6}>
        <IconButton
          label={t('rules.removeCondition', 'Remove this condition')}
          variant="ghost"
          onClick={onRemove}
        >
          <Trash />
        </IconButton>
      </Grid.Item>
    </Grid.Root>
  );
};

/**
 * The group's membership rule: conditions on the users' own attributes, all or any; a preview of how
 * many users it adds and removes; saved, it applies at once and then on every change of a user.
 */
export const MembershipRule = ({ group }: { group: OverviewGroup }) => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const rule = useMembershipRule({ groupId: group.documentId });
  const [previewRule, previewState] = usePreviewMembershipRuleMutation();
  const [saveRule, saveState] = useSaveMembershipRuleMutation();
  const [deleteRule] = useDeleteMembershipRuleMutation();
  const fields = rule.data?.meta.fields ?? [];
  const mayEdit = Boolean(rule.data?.meta.mayEdit);
  const stored = rule.data?.data ?? null;

  const [match, setMatch] = React.useState<RuleMatch>('all');
  const [onLeave, setOnLeave] = React.useState<RuleOnLeave>('leave');
  const [drafts, setDrafts] = React.useState<Draft[]>([]);
  const [preview, setPreview] = React.useState<RulePreview | null>(null);
  const [error, setError] = React.useState<string | null>(null);

  React.useEffect(() => {
    setMatch(stored?.match ?? 'all');
    setOnLeave(stored?.onLeave ?? 'leave');
    setDrafts(stored ? stored.conditions.map(toDraft) : []);
    setPreview(null);
    setError(null);
  }, [stored, group.documentId]);

  const body = (): RuleBody => ({
    match,
    onLeave,
    conditions: drafts.map((d) =>
      toCondition(
        d,
        fields.find((f) => f.name === d.attribute)
      )
    ),
  });
  const change = (next: Draft[]) => {
    setDrafts(next);
    setPreview(null);
  };
  const ask = async () => {
    setError(null);
    try {
      setPreview((await previewRule({ groupId: group.documentId, ...body() }).unwrap()).data);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const save = async () => {
    setError(null);
    try {
      const result = await saveRule({ groupId: group.documentId, ...body() }).unwrap();
      toggleNotification({
        type: 'success',
        message: t('rules.saved', 'Rule saved: {added} added, {removed} removed.', result.meta),
      });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const remove = async () => {
    try {
      await deleteRule({ groupId: group.documentId }).unwrap();
      toggleNotification({
        type: 'success',
        message: t('rules.deleted', 'The rule is deleted; its members stay as members added by hand.'),
      });
    } catch (caught) {
      toggleNotification({ type: 'danger', message: errorMessage(caught) });
    }
  };

  return (
    <Box paddingTop={8}>
      <Box paddingBottom={4}>
        <Typography variant="delta" tag="h2">
          {t('rules.title', 'Joining by rule')}
        </Typography>
        <Typography variant="pi" textColor="neutral600" tag="p">
          {mayEdit
            ? t(
                'rules.intro',
                'Users whose own attributes match join this group at once and whenever their account changes. Members you add by hand are never removed by the rule, and members you remove are not added back by it.'
              )
            : t('rules.readOnly', 'Only a Super Admin can change the membership rule of this group.')}
        </Typography>
      </Box>
      <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {stored ? (
            <Typography textColor="neutral600">
              {t(
                'rules.status',
                'The rule keeps {count, plural, one {# member} other {# members}} in the group.',
                {
                  count: stored.ruleMembers,
                }
              )}
              {stored.excluded > 0
                ? ` ${t(
                    'rules.excluded',
                    '{count, plural, one {# user} other {# users}} removed by hand {count, plural, one {is} other {are}} not added again; add them by hand to take them back.',
                    { count: stored.excluded }
                  )}`
                : ''}
            </Typography>
          ) : (
            <Typography textColor="neutral600">
              {t('rules.none', 'This group has no membership rule.')}
            </Typography>
          )}
          {mayEdit ? (
            <>
              <Grid.Root gap={3}>
                <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                  <SelectField
                    name="rule-match"
                    label={t('rules.match', 'Users match when')}
                    value={match}
                    options={[
                      { value: 'all', label: t('rules.match.all', 'all conditions hold') },
                      { value: 'any', label: t('rules.match.any', 'any condition holds') },
                    ]}
                    onChange={(value) => {
                      setMatch(value as RuleMatch);
                      setPreview(null);
                    }}
                  />
                </Grid.Item>
                <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                  <SelectField
                    name="rule-on-leave"
                    label={t('rules.onLeave', 'When a member no longer matches')}
                    value={onLeave}
                    options={[
                      { value: 'leave', label: t('rules.onLeave.leave', 'they leave the group') },
                      { value: 'stay', label: t('rules.onLeave.stay', 'they stay until removed by hand') },
                    ]}
                    onChange={(value) => {
                      setOnLeave(value as RuleOnLeave);
                      setPreview(null);
                    }}
                  />
                </Grid.Item>
              </Grid.Root>
              {drafts.map((draft, i) => (
                <ConditionRow
                  key={i}
                  index={i}
                  draft={draft}
                  fields={fields}
                  onChange={(next) => change(drafts.map((d, j) => (j === i ? next : d)))}
                  onRemove={() => change(drafts.filter((_, j) => j !== i))}
                />
              ))}
              <Flex gap={2} wrap="wrap">
                <Button
                  variant="tertiary"
                  startIcon={<Plus />}
                  disabled={fields.length === 0}
                  onClick={() =>
                    change([
                      ...drafts,
                      { attribute: fields[0].name, operator: operatorsFor(fields[0].kind)[0], text: '' },
                    ])
                  }
                >
                  {t('rules.addCondition', 'Add a condition')}
                </Button>
                <Button
                  variant="secondary"
                  disabled={drafts.length === 0}
                  loading={previewState.isLoading}
                  onClick={ask}
                >
                  {t('rules.preview', 'Preview')}
                </Button>
                <Button disabled={drafts.length === 0} loading={saveState.isLoading} onClick={save}>
                  {t('rules.save', 'Save and apply')}
                </Button>
                {stored ? (
                  <Button variant="danger-light" onClick={remove}>
                    {t('rules.delete', 'Delete rule')}
                  </Button>
                ) : null}
              </Flex>
              {preview ? (
                <Typography data-rule-preview>
                  {t(
                    'rules.previewResult',
                    'Saving adds {adds, plural, one {# user} other {# users}} and removes {removes}.',
                    {
                      adds: preview.adds,
                      removes: preview.removes,
                    }
                  )}
                  {preview.limited
                    ? ` ${t('rules.previewLimited', '(counted among the members of your groups)')}`
                    : ''}
                </Typography>
              ) : null}
              {error ? <Typography textColor="danger600">{error}</Typography> : null}
            </>
          ) : null}
        </Flex>
      </Box>
    </Box>
  );
};
