import * as React from 'react';
import { Box, Searchbar } from '@strapi/design-system';

interface Props {
  /** The search the list shows now (from the address bar). */
  value: string;
  /** What to type, shown in the empty field and read out as its label. */
  label: string;
  clearLabel: string;
  /** Called with the trimmed text on Enter, and with '' when the field is cleared. */
  onSearch: (search: string) => void;
  minWidth?: string;
}

/**
 * The search field above a server-paged list: typing asks nothing, Enter searches, the clear button shows
 * the whole list again. Each page keeps the search in its address, so a search survives a reload.
 */
export const SearchBox = ({ value, label, clearLabel, onSearch, minWidth = '22rem' }: Props) => {
  const [text, setText] = React.useState(value);
  return (
    <Box minWidth={minWidth}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSearch(text.trim());
        }}
      >
        <Searchbar
          name="search"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onClear={() => {
            setText('');
            onSearch('');
          }}
          clearLabel={clearLabel}
          placeholder={label}
        >
          {label}
        </Searchbar>
      </form>
    </Box>
  );
};
