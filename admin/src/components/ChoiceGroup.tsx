import { Field, Radio, Typography } from '@strapi/design-system';

export interface Choice {
  label: string;
  /** The choice explained in a sentence, shown beside its label. */
  help: string;
}

interface Props<V extends string> {
  label: string;
  name: string;
  value: V;
  choices: readonly V[];
  labels: Record<V, Choice>;
  onChange: (value: V) => void;
  hint?: string;
}

/** A few exclusive choices as radio buttons, each explained in a sentence. */
export const ChoiceGroup = <V extends string>({
  label,
  name,
  value,
  choices,
  labels,
  onChange,
  hint,
}: Props<V>) => (
  <Field.Root name={name} hint={hint}>
    <Field.Label>{label}</Field.Label>
    <Radio.Group value={value} onValueChange={(next: string) => onChange(next as V)} aria-label={label}>
      {choices.map((choice) => (
        <Radio.Item key={choice} value={choice}>
          <Typography fontWeight="semiBold">{labels[choice].label}</Typography>
          {' — '}
          <Typography textColor="neutral600">{labels[choice].help}</Typography>
        </Radio.Item>
      ))}
    </Radio.Group>
    <Field.Hint />
  </Field.Root>
);
