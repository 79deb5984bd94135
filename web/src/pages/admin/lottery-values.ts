import type { Lottery, LotteryInput, LotteryPatch } from '../../api/types';

/** A lottery as the form edits it: every field as text. */
export interface FormValues {
  name: string;
  description: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
}

export const formFields = ['name', 'description', 'startsOn', 'endsOn', 'timeZone'] as const;
export type FormField = (typeof formFields)[number];

export const labels: Record<FormField, string> = {
  name: 'Name',
  description: 'Description',
  startsOn: 'First draw day',
  endsOn: 'Last draw day',
  timeZone: 'Time zone',
};

export const valuesOf = (l: Lottery): FormValues => ({
  name: l.name,
  description: l.description ?? '',
  startsOn: l.startsOn,
  endsOn: l.endsOn ?? '',
  timeZone: l.timeZone,
});

/** Problems found before asking the server (which checks everything again). */
export const checkLocally = (values: FormValues): Partial<Record<FormField, string>> => {
  const found: Partial<Record<FormField, string>> = {};
  if (!values.name.trim()) found.name = 'is required';
  if (values.endsOn && values.startsOn && values.endsOn < values.startsOn) {
    found.endsOn = 'must be on or after the first draw day';
  }
  return found;
};

/** A new lottery from the form: empty optional fields are left out. */
export const inputFrom = (v: FormValues): LotteryInput => ({
  name: v.name,
  startsOn: v.startsOn,
  timeZone: v.timeZone,
  ...(v.description.trim() ? { description: v.description } : {}),
  ...(v.endsOn ? { endsOn: v.endsOn } : {}),
});

/** Only what changed, so that a field the admin did not touch is never sent. */
export const patchFrom = (before: FormValues, after: FormValues): LotteryPatch => {
  const patch: LotteryPatch = {};
  if (after.name !== before.name) patch.name = after.name;
  if (after.description !== before.description) patch.description = after.description || null;
  if (after.startsOn !== before.startsOn) patch.startsOn = after.startsOn;
  if (after.endsOn !== before.endsOn) patch.endsOn = after.endsOn || null;
  if (after.timeZone !== before.timeZone) patch.timeZone = after.timeZone;
  return patch;
};
