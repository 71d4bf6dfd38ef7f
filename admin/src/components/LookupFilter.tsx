import { Combobox, ComboboxOption } from '@strapi/design-system';
import * as React from 'react';
import type { LookupOption } from '../../../common/contracts/lookup';
import { useLookup, type LookupArg } from '../api/groups';
import { useT } from '../hooks/useT';
import { FormField } from './FormFields';

/** How long typing pauses before the server is asked. */
const SEARCH_DELAY_MS = 250;
/** Matches shown at once; typing narrows them. */
const LOOKUP_LIMIT = '20';

interface Props {
  name: string;
  label: string;
  /** What to look up and how it is scoped (rights, the chosen group of a course filter). */
  lookup: Omit<LookupArg, 'search' | 'limit' | 'documentId'>;
  value: string;
  placeholder: string;
  onChange: (value: string) => void;
  /** In a form (the register dialog): the field must be filled. */
  required?: boolean;
}

/** A group by its path when it has a parent the caller may see (two "ICU"s differ), else its label. */
const nameOf = (option: LookupOption) => option.path ?? option.label;

/**
 * A filter that asks the server for a few matches of what is typed, instead of listing every group or
 * course of the site: each answer is bounded by LOOKUP_LIMIT. The chosen entry is looked up by id, so its
 * name shows even when it is not among the matches.
 */
export const LookupFilter = ({ name, label, lookup, value, placeholder, onChange, required }: Props) => {
  const t = useT();
  // undefined while the user is not typing: the input then shows the chosen entry's name.
  const [text, setText] = React.useState<string | undefined>(undefined);
  const [search, setSearch] = React.useState('');
  React.useEffect(() => {
    const timer = setTimeout(() => setSearch(text ?? ''), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const matches = useLookup({ ...lookup, search: search || undefined, limit: LOOKUP_LIMIT });
  const chosen = useLookup(value ? { ...lookup, documentId: value } : null);
  const chosenOption = value ? chosen.data?.data[0] : undefined;
  const options = matches.data?.data ?? [];
  const shown =
    chosenOption && !options.some((o) => o.documentId === chosenOption.documentId)
      ? [chosenOption, ...options]
      : options;
  const pick = (next: string) => {
    setText(undefined);
    onChange(next);
  };

  return (
    <FormField name={name} label={label} required={required}>
      <Combobox
        size="S"
        autocomplete="none"
        placeholder={placeholder}
        value={value || ''}
        textValue={text ?? (chosenOption ? nameOf(chosenOption) : '')}
        // A name longer than the field still reads in full on hover; the options below show it whole.
        title={chosenOption ? nameOf(chosenOption) : undefined}
        onTextValueChange={setText}
        onChange={(next) => pick(next ?? '')}
        onClear={() => pick('')}
        clearLabel={t('filters.clear', 'Clear')}
        loading={matches.isLoading}
        loadingMessage={t('filters.searching', 'Searching…')}
        noOptionsMessage={() => t('filters.noMatch', 'Nothing matches')}
      >
        {shown.map((option) => (
          <ComboboxOption key={option.documentId} value={option.documentId}>
            {nameOf(option)}
          </ComboboxOption>
        ))}
      </Combobox>
    </FormField>
  );
};
