import type * as React from 'react';
import { Field, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';

interface FieldProps {
  name: string;
  label: string;
  required?: boolean;
  /** Shown under the input unless there is an error. */
  hint?: string;
  error?: string;
  width?: string;
}

/** A labelled form field; the design system shows the hint or the error only when there is one. */
export const FormField = ({ label, children, ...root }: FieldProps & { children: React.ReactNode }) => (
  <Field.Root {...root}>
    <Field.Label>{label}</Field.Label>
    {children}
    <Field.Hint />
    <Field.Error />
  </Field.Root>
);

interface TextFieldProps extends FieldProps {
  value: string;
  onChange: (value: string) => void;
  type?: 'email';
  maxLength?: number;
  placeholder?: string;
  disabled?: boolean;
  autoFocus?: boolean;
}

export const TextField = ({
  onChange,
  value,
  type,
  maxLength,
  placeholder,
  disabled,
  autoFocus,
  ...field
}: TextFieldProps) => (
  <FormField {...field}>
    <TextInput
      autoFocus={autoFocus}
      value={value}
      type={type}
      maxLength={maxLength}
      placeholder={placeholder}
      disabled={disabled}
      onChange={(event: React.ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
    />
  </FormField>
);

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFieldProps extends FieldProps {
  value: string;
  options: SelectOption[];
  onChange: (value: string) => void;
  size?: 'S' | 'M';
  placeholder?: string;
  disabled?: boolean;
  loading?: boolean;
  /** With it the select gets a clear button. */
  onClear?: () => void;
  clearLabel?: string;
}

export const SelectField = ({
  options,
  onChange,
  value,
  size,
  placeholder,
  disabled,
  loading,
  onClear,
  clearLabel,
  ...field
}: SelectFieldProps) => (
  <FormField {...field}>
    <SingleSelect
      value={value}
      size={size}
      placeholder={placeholder}
      disabled={disabled}
      loading={loading}
      onClear={onClear}
      clearLabel={clearLabel}
      onChange={(selected) => onChange(String(selected))}
    >
      {options.map((option) => (
        <SingleSelectOption key={option.value} value={option.value}>
          {option.label}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  </FormField>
);
