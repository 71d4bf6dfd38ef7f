import { Box } from '@strapi/design-system';
import { styled, type DefaultTheme } from 'styled-components';

const edge = (theme: DefaultTheme, side: 'left' | 'right') => {
  const child = side === 'left' ? 'first-child' : 'last-child';
  return `
  & th:${child},
  & td:${child} {
    position: sticky;
    ${side}: 0;
    z-index: 1;
    background: ${theme.colors.neutral0};
    /* The divider between the sticky column and the columns scrolling under it. */
    box-shadow: inset ${side === 'left' ? '-1px' : '1px'} 0 0 ${theme.colors.neutral150};
  }
  /* The table's own side padding covered too: the sticky cell stops at the padding, and the columns
     scrolling under it must not show beside it. A pseudo-element, as Chromium paints no outer box-shadow
     on the cells of a table with collapsed borders. */
  & th:${child}::after,
  & td:${child}::after {
    content: '';
    position: absolute;
    top: 0;
    bottom: 0;
    ${side === 'left' ? 'right' : 'left'}: 100%;
    width: ${theme.spaces[6]};
    background: ${theme.colors.neutral0};
  }
`;
};

/**
 * Around a table wider than the page: its first column (`$first`, the learner) and/or its last (`$last`,
 * the actions) stay in view while the columns between scroll sideways under them, so no control is ever
 * cut off at the table's edge, in any language or width.
 */
export const StickyColumns = styled(Box)<{ $first?: boolean; $last?: boolean }>`
  ${({ theme, $first }) => ($first ? edge(theme, 'left') : '')}
  ${({ theme, $last }) => ($last ? edge(theme, 'right') : '')}
`;
