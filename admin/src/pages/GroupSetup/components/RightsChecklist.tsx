import { Checkbox, Flex, Typography } from '@strapi/design-system';
import type { Rights } from '../../../../../common/contracts/group-setup';
import { RIGHTS } from '../../../../../common/domain/rights';
import { useChoiceLabels } from '../hooks/useChoiceLabels';

/** The six rights of a manager link, each ticked or not and explained in a sentence. */
export const RightsChecklist = ({
  rights,
  onChange,
  disabled,
  idPrefix,
}: {
  rights: Rights;
  onChange: (rights: Rights) => void;
  disabled?: boolean;
  idPrefix: string;
}) => {
  const { rights: labels } = useChoiceLabels();
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      {RIGHTS.map((right) => (
        <Flex key={right} gap={2} alignItems="flex-start">
          <Checkbox
            id={`${idPrefix}-${right}`}
            checked={rights[right]}
            disabled={disabled}
            onCheckedChange={(checked: boolean | 'indeterminate') =>
              onChange({ ...rights, [right]: checked === true })
            }
            aria-describedby={`${idPrefix}-${right}-help`}
          >
            {labels[right].label}
          </Checkbox>
          <Typography id={`${idPrefix}-${right}-help`} variant="pi" textColor="neutral600">
            {labels[right].help}
          </Typography>
        </Flex>
      ))}
    </Flex>
  );
};
