import type { ChangeEventHandler } from 'react';
import { isApiError } from '../../api/errors';
import type { Lottery } from '../../api/types';
import { Field, TextAreaField, TextField } from '../../components/ui';
import { labels, type FormValues } from './lottery-values';
import { useLotteryForm } from './useLotteryForm';

const zones = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

/** Creates a lottery, or edits one: what can still change depends on its status. */
export const LotteryForm = ({
  initial,
  lottery,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: FormValues;
  lottery?: Lottery;
  submitLabel: string;
  onSubmit: (values: FormValues) => Promise<void>;
  onCancel?: () => void;
}) => {
  const form = useLotteryForm(initial, onSubmit);
  const { values, set, errorFor } = form;
  const started = lottery !== undefined && lottery.status !== 'upcoming';
  const ended =
    lottery !== undefined && (lottery.status === 'finished' || lottery.status === 'cancelled');
  return (
    <form className="form lottery-form" onSubmit={form.submit} noValidate>
      <FormStatus error={form.error} invalid={form.invalid} other={form.other} />
      <TextField
        label={labels.name}
        required
        maxLength={100}
        value={values.name}
        onChange={set('name')}
        disabled={ended}
        error={errorFor('name')}
      />
      <TextAreaField
        label={labels.description}
        rows={3}
        maxLength={2000}
        value={values.description}
        onChange={set('description')}
        disabled={ended}
        hint="Optional. Shown to participants on the lottery’s card."
        error={errorFor('description')}
      />
      <div className="form-row">
        <TextField
          label={labels.startsOn}
          type="date"
          required
          value={values.startsOn}
          onChange={set('startsOn')}
          disabled={started}
          hint={started ? 'Cannot change once started.' : 'Today or later.'}
          error={errorFor('startsOn')}
        />
        <TextField
          label={labels.endsOn}
          type="date"
          value={values.endsOn}
          onChange={set('endsOn')}
          disabled={ended}
          hint="Optional. Empty runs until cancelled."
          error={errorFor('endsOn')}
        />
      </div>
      <TimeZoneField
        value={values.timeZone}
        onChange={set('timeZone')}
        started={started}
        error={errorFor('timeZone')}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={form.pending || ended}>
          {form.pending ? 'Saving…' : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button button-ghost" onClick={onCancel}>
            Close
          </button>
        ) : null}
        <span className="saved" role="status">
          {form.saved ? '✓ Saved.' : ''}
        </span>
      </div>
    </form>
  );
};

const FormStatus = ({
  error,
  invalid,
  other,
}: {
  error: unknown;
  invalid: boolean;
  other: string[];
}) => (
  <div className="form-status" aria-live="assertive">
    {error || invalid ? (
      <div className="notice notice-error" role="alert">
        <p className="notice-title">
          {invalid ? 'Please fix the fields below.' : (error as Error).message}
        </p>
        {isApiError(error, 400) && error.errors.length === 0 ? <p>{error.message}</p> : null}
        {other.map((m) => (
          <p key={m}>{m}</p>
        ))}
      </div>
    ) : null}
  </div>
);

const TimeZoneField = ({
  value,
  onChange,
  started,
  error,
}: {
  value: string;
  onChange: ChangeEventHandler<HTMLInputElement>;
  started: boolean;
  error: string | undefined;
}) => (
  <Field
    label={labels.timeZone}
    hint={started ? 'Cannot change once started.' : 'Each day’s draw closes at midnight here.'}
    error={error}
  >
    {(props) => (
      <>
        <input
          className="input"
          list="time-zones"
          value={value}
          onChange={onChange}
          disabled={started}
          autoComplete="off"
          spellCheck={false}
          {...props}
        />
        <datalist id="time-zones">
          {zones.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </>
    )}
  </Field>
);
