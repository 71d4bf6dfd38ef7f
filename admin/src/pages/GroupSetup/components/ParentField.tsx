import * as React from 'react';
import { Combobox, ComboboxOption } from '@strapi/design-system';
import type { GroupOption } from '../../../../../common/contracts/group-setup';
import { useGroupOptions } from '../../../api/groups';
import { FormField } from '../../../components/FormFields';
import { useT } from '../../../hooks/useT';

/** How long typing rests before the server is asked. */
const SEARCH_DELAY_MS = 250;

interface Props {
  value: GroupOption | null;
  /** The group being edited: it and its sub-groups are never offered. */
  groupId?: string;
  maxDepth?: number;
  onChange: (parent: GroupOption | null) => void;
}

/**
 * The group's parent, picked by name among the site's groups (the server answers a few matches of what is
 * typed, each named by its path). Cleared, the group sits at the top. The server checks the tree's rules
 * (a cycle, an archived parent, the depth) when the form is saved and says what is wrong.
 */
export const ParentField = ({ value, groupId, maxDepth, onChange }: Props) => {
  const t = useT();
  // undefined while nobody types: the field then shows the chosen parent's path.
  const [text, setText] = React.useState<string | undefined>(undefined);
  const [search, setSearch] = React.useState('');
  React.useEffect(() => {
    const timer = setTimeout(() => setSearch((text ?? '').trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const options = useGroupOptions(search, groupId);
  const matches = options.data?.data ?? [];
  const shown =
    value && !matches.some((o) => o.documentId === value.documentId) ? [value, ...matches] : matches;
  const pick = (next: GroupOption | null) => {
    setText(undefined);
    onChange(next);
  };
  const depth = maxDepth
    ? t('setup.parent.depth', 'Groups nest at most {count} levels deep.', { count: maxDepth })
    : '';
  return (
    <FormField
      name="parent"
      label={t('setup.parent', 'Parent group')}
      error={options.error ?? undefined}
      hint={`${
        value
          ? t('setup.parent.under', 'Under {path}. Clear it to place the group at the top.', {
              path: value.path,
            })
          : t(
              'setup.parent.none',
              'None: the group is at the top. Type part of a name to place it under another group.'
            )
      } ${depth}`.trim()}
    >
      <Combobox
        autocomplete="none"
        placeholder={t('setup.parent.placeholder', 'Search groups')}
        value={value?.documentId ?? ''}
        textValue={text ?? value?.path ?? ''}
        onTextValueChange={setText}
        onChange={(next) => {
          const found = shown.find((o) => o.documentId === next);
          if (found) pick(found);
        }}
        onClear={() => pick(null)}
        clearLabel={t('setup.parent.clear', 'Place the group at the top')}
        loading={options.isLoading}
        loadingMessage={t('picker.loading', 'Searching…')}
        noOptionsMessage={() => t('picker.none', 'Nothing matches what you typed.')}
      >
        {shown.map((option) => (
          <ComboboxOption key={option.documentId} value={option.documentId}>
            {option.path}
          </ComboboxOption>
        ))}
      </Combobox>
    </FormField>
  );
};
