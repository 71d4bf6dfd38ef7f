import type * as React from 'react';
import { Box, type BoxProps } from '@strapi/design-system';

/** A card of the workspace (an Overview group, a learner's enrollment): a labelled section on a panel. */
export const SectionCard = ({
  label,
  children,
  ...rest
}: { label: string; children: React.ReactNode } & Omit<BoxProps, 'children'>) => (
  <Box
    background="neutral0"
    hasRadius
    shadow="tableShadow"
    padding={6}
    tag="section"
    aria-label={label}
    {...rest}
  >
    {children}
  </Box>
);
