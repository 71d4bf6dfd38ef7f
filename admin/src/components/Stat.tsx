import type * as React from 'react';
import { Flex, Typography } from '@strapi/design-system';

/** A labelled figure (Overview cards, report totals). */
export const Stat = ({ label, value, hint }: { label: string; value: React.ReactNode; hint?: string }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Typography variant="beta" tag="p">
      {value}
    </Typography>
    {hint ? (
      <Typography variant="pi" textColor="neutral600">
        {hint}
      </Typography>
    ) : null}
  </Flex>
);
