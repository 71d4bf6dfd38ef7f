import * as React from 'react';
import { Combobox, ComboboxOption, Field } from '@strapi/design-system';
import type { QueryState } from '../api/groups';
import { useT } from '../hooks/useT';

export interface PickerOption {
  value: string;
  /** What the option shows and what typing matches on the screen: a name and its email or use. */
  label: string;
}

interface Props {
  label: string;
  hint?: string;
  placeholder: string;
  /** The server's options for what is typed (`useCourseOptions`, `useAdminUserOptions`, …). */
  useOptions: (search: string) => QueryState<PickerOption[]>;
  /** Values already picked; they are left out of the list. */
  exclude?: readonly string[];
  onPick: (option: PickerOption) => void;
  autoFocus?: boolean;
}

/** How long typing rests before the server is asked. */
const SEARCH_DELAY_MS = 250;

/**
 * A searchable picker that asks the server for what is typed (sites have thousands of courses, learners
 * and admin users). Picking an option hands it over and empties the field for the next one.
 */
export const SearchPicker = ({
  label,
  hint,
  placeholder,
  useOptions,
  exclude = [],
  onPick,
  autoFocus,
}: Props) => {
  const t = useT();
  const [text, setText] = React.useState('');
  const [search, setSearch] = React.useState('');
  React.useEffect(() => {
    const timer = setTimeout(() => setSearch(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const [picks, setPicks] = React.useState(0);
  // The combobox writes the picked option's text into the field after the pick; empty it once that is done.
  React.useLayoutEffect(() => setText(''), [picks]);
  const options = useOptions(search);
  const shown = (options.data ?? []).filter((option) => !exclude.includes(option.value));
  return (
    <Field.Root hint={hint} error={options.error ?? undefined}>
      <Field.Label>{label}</Field.Label>
      <Combobox
        autoFocus={autoFocus}
        autocomplete={{ type: 'list', filter: 'contains' }}
        placeholder={placeholder}
        value=""
        textValue={text}
        onTextValueChange={setText}
        onInputChange={(event) => setText(event.currentTarget.value)}
        loading={options.isLoading}
        loadingMessage={t('picker.loading', 'Searching…')}
        noOptionsMessage={() => t('picker.none', 'Nothing matches what you typed.')}
        onChange={(value) => {
          const option = shown.find((o) => o.value === value);
          if (option) onPick(option);
          setPicks((count) => count + 1);
        }}
      >
        {shown.map((option) => (
          <ComboboxOption key={option.value} value={option.value} textValue={option.label}>
            {option.label}
          </ComboboxOption>
        ))}
      </Combobox>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
};
