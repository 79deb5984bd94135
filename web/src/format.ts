/** An instant as the API sends it: ISO 8601 text (or epoch milliseconds). */
type Instant = string | number;

/** Epoch milliseconds of an instant sent by the API. */
export const toMs = (instant: Instant): number =>
  typeof instant === 'number' ? instant : Date.parse(instant);

const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

const cache = new Map<string, Intl.DateTimeFormat>();
const formatter = (timeZone: string | undefined, options: Intl.DateTimeFormatOptions) => {
  const key = `${timeZone ?? ''}|${JSON.stringify(options)}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(undefined, { ...options, timeZone });
    cache.set(key, found);
  }
  return found;
};

/** A moment in the viewer's locale, in `timeZone` (the viewer's by default), zone named. */
export const formatDateTime = (instant: Instant, timeZone?: string): string =>
  formatter(timeZone, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(toMs(instant));

/** Only the time of day, zone named. */
export const formatTime = (instant: Instant, timeZone?: string): string =>
  formatter(timeZone, { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(
    toMs(instant),
  );

/** Whether the viewer's own zone differs from `timeZone` at `instant` (by offset). */
export const differsFromViewer = (instant: Instant, timeZone: string): boolean => {
  if (timeZone === viewerZone()) return false;
  const at = toMs(instant);
  const offsetName = (zone: string | undefined) =>
    formatter(zone, { timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
  return offsetName(timeZone) !== offsetName(undefined);
};

/** A calendar day `YYYY-MM-DD` (no time zone: it is the lottery's own day). */
export const formatDay = (date: string, style: 'long' | 'short' = 'long'): string => {
  const at = Date.parse(`${date}T12:00:00Z`);
  if (Number.isNaN(at)) return date;
  return formatter(
    'UTC',
    style === 'long'
      ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
      : { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
  ).format(at);
};

/** The day before or after `date`. */
export const shiftDay = (date: string, days: number): string => {
  const at = Date.parse(`${date}T12:00:00Z`) + days * 86_400_000;
  return new Date(at).toISOString().slice(0, 10);
};

export const isIsoDay = (value: string | undefined | null): value is string =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
  new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** The calendar day at `instant` in `timeZone`. */
export const dayIn = (instant: number, timeZone: string): string => {
  const parts = formatter(timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(instant)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
};

const numberFormat = new Intl.NumberFormat();
export const formatNumber = (n: number): string => numberFormat.format(n);

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${formatNumber(n)} ${n === 1 ? one : many}`;

/** `hh:mm:ss` (or `d days hh:mm:ss`) until zero. */
export const formatCountdown = (ms: number): string => {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const clock = [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
  return days > 0 ? `${days}d ${clock}` : clock;
};

/** The same duration in words, for screen readers and titles. */
export const describeDuration = (ms: number): string => {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts: string[] = [];
  if (h) parts.push(plural(h, 'hour'));
  if (m) parts.push(plural(m, 'minute'));
  if (!h && (s || !m)) parts.push(plural(s, 'second'));
  return parts.join(' ');
};

/** Ballot numbers as short ranges: 101–105, 109. */
export const ballotRanges = (ids: number[]): string[] => {
  const sorted = [...ids].sort((a, b) => a - b);
  const ranges: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  const flush = () => {
    if (start === undefined || prev === undefined) return;
    if (start === prev) ranges.push(`#${start}`);
    else if (prev === start + 1) ranges.push(`#${start}`, `#${prev}`);
    else ranges.push(`#${start}–#${prev}`);
  };
  for (const id of sorted) {
    if (prev !== undefined && id === prev + 1) {
      prev = id;
      continue;
    }
    flush();
    start = id;
    prev = id;
  }
  flush();
  return ranges;
};

const percent = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });

/**
 * One's share of a draw's ballots as a percentage, which is the chance to win it (one ballot is
 * picked uniformly): "25%", "33.3%", "0.001%". Never rounded to a certainty or to nothing.
 */
export const formatShare = (mine: number, total: number): string => {
  if (mine <= 0 || total <= 0) return '0%';
  if (mine >= total) return '100%';
  const share = (mine / total) * 100;
  if (share > 99.9) return '>99.9%';
  if (share < 0.001) return '<0.001%';
  return `${percent.format(share)}%`;
};
