import { useState } from 'react';
import type { FormEvent } from 'react';
import { isApiError } from '../../api/errors';
import { fieldErrorsOf } from '../../components/ui';
import {
  checkLocally,
  formFields,
  labels,
  type FormField,
  type FormValues,
} from './lottery-values';

/** The form's values, its submission, and its errors: local ones first, then the API's. */
export const useLotteryForm = (
  initial: FormValues,
  onSubmit: (values: FormValues) => Promise<void>,
) => {
  const [values, setValues] = useState(initial);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [local, setLocal] = useState<Partial<Record<FormField, string>>>({});

  const set = (name: keyof FormValues) => (e: { target: { value: string } }) => {
    setSaved(false);
    setValues((v) => ({ ...v, [name]: e.target.value }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    setSaved(false);
    const found = checkLocally(values);
    setLocal(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    try {
      await onSubmit(values);
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };

  const { byField, other } = fieldErrorsOf(error, formFields);
  if (isApiError(error) && error.code === 'lottery-name-taken') {
    byField.name ??= 'is already used by another lottery';
  }
  /** The message for a field, after the field's own label: "Name must not be empty". */
  const errorFor = (field: FormField) => {
    const message = local[field] ?? byField[field];
    return message ? `${labels[field]} ${message}` : undefined;
  };
  const invalid = Object.keys(local).length > 0 || isApiError(error, 400);
  return { values, set, submit, pending, error, saved, errorFor, other, invalid };
};
