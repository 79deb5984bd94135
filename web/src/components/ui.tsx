import { useEffect, useId, useState } from 'react';
import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';
import { Link, useLocation } from 'react-router';
import { isApiError } from '../api/errors';
import { describeDuration, formatTime } from '../format';

/** The message to show for any failure. */
export const errorMessage = (error: unknown): string => {
  if (isApiError(error)) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
};

export const ErrorNotice = ({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) => {
  const location = useLocation();
  const next = encodeURIComponent(location.pathname + location.search);
  return (
    <div className="notice notice-error" role="alert">
      <p className="notice-title">{title ?? (isApiError(error) ? error.title : 'Error')}</p>
      <p>{errorMessage(error)}</p>
      {isApiError(error, 401) ? (
        <p>
          <Link to={`/login?next=${next}`}>Log in</Link> to continue.
        </p>
      ) : null}
      {isApiError(error) && error.retryAfter !== null ? (
        <RetryHint seconds={error.retryAfter} />
      ) : null}
      {onRetry ? (
        <button type="button" className="button button-small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
};

/** "Try again in 3 minutes (at 14:05)", counting down. */
export const RetryHint = ({ seconds, onReady }: { seconds: number; onReady?: () => void }) => {
  const [until] = useState(() => Date.now() + seconds * 1000);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (now >= until) {
      onReady?.();
      return;
    }
    const timer = window.setTimeout(() => setNow(Date.now()), 1000);
    return () => window.clearTimeout(timer);
  }, [now, until, onReady]);
  if (now >= until) return <p className="retry">You can try again now.</p>;
  return (
    <p className="retry">
      Try again in <strong>{describeDuration(until - now)}</strong> (at {formatTime(until)}).
    </p>
  );
};

export const Notice = ({
  kind = 'info',
  children,
}: {
  kind?: 'info' | 'success' | 'warning';
  children: ReactNode;
}) => <div className={`notice notice-${kind}`}>{children}</div>;

export const Spinner = ({ label = 'Loading…' }: { label?: string }) => (
  <span className="spinner-wrap" role="status">
    <span className="spinner" aria-hidden="true" />
    <span className="visually-hidden">{label}</span>
  </span>
);

/** Grey boxes of the size the content will have, so nothing jumps when it arrives. */
export const Skeleton = ({ count = 1, height }: { count?: number; height: number }) => (
  <div className="skeletons" aria-busy="true" aria-label="Loading">
    {Array.from({ length: count }, (_, i) => (
      <div key={i} className="skeleton" style={{ height }} />
    ))}
  </div>
);

const statusLabels: Record<string, string> = {
  open: 'Open',
  upcoming: 'Upcoming',
  finished: 'Finished',
  cancelled: 'Cancelled',
  closed: 'Closed, drawing',
  drawn: 'Drawn',
};

export const StatusBadge = ({ status }: { status: string }) => (
  <span className={`badge badge-${status}`}>{statusLabels[status] ?? status}</span>
);

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  children: (props: {
    id: string;
    'aria-describedby'?: string;
    'aria-invalid'?: boolean;
  }) => ReactNode;
}

/** A labelled control with its hint and its error, both announced with the control. */
export const Field = ({ label, hint, error, children }: FieldProps) => {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true } : {}),
      })}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
};

export const TextField = ({
  label,
  hint,
  error,
  ...input
}: Omit<FieldProps, 'children'> & InputHTMLAttributes<HTMLInputElement>) => (
  <Field label={label} hint={hint} error={error}>
    {(props) => <input className="input" {...input} {...props} />}
  </Field>
);

export const TextAreaField = ({
  label,
  hint,
  error,
  ...input
}: Omit<FieldProps, 'children'> & TextareaHTMLAttributes<HTMLTextAreaElement>) => (
  <Field label={label} hint={hint} error={error}>
    {(props) => <textarea className="input" {...input} {...props} />}
  </Field>
);

/**
 * Splits an API refusal's field errors by form field (`/username` → `username`); errors for
 * fields the form does not show come back in `other`.
 */
export const fieldErrorsOf = (
  error: unknown,
  fields: readonly string[],
): { byField: Record<string, string>; other: string[] } => {
  const byField: Record<string, string> = {};
  const other: string[] = [];
  if (!isApiError(error)) return { byField, other };
  for (const e of error.errors) {
    const name = e.field.replace(/^\/+/, '').split('/')[0] ?? '';
    if (fields.includes(name)) {
      byField[name] = byField[name] ? `${byField[name]}; ${e.message}` : e.message;
    } else {
      other.push(name ? `${name} ${e.message}` : e.message);
    }
  }
  return { byField, other };
};

/** Copies text to the clipboard, saying so. */
export const CopyButton = ({ text, label = 'Copy' }: { text: string; label?: string }) => {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className="button button-small button-ghost copy"
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true));
      }}
    >
      <span aria-live="polite">{copied ? 'Copied' : label}</span>
    </button>
  );
};

export const Trophy = () => (
  <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
    <path
      fill="currentColor"
      d="M7 3h10v2h3v3a4 4 0 0 1-4 4h-.3A5 5 0 0 1 13 14.9V17h3v2H8v-2h3v-2.1A5 5 0 0 1 8.3 12H8a4 4 0 0 1-4-4V5h3V3Zm0 4H6v1a2 2 0 0 0 1.2 1.8A5 5 0 0 1 7 9V7Zm10 0v2c0 .3 0 .5-.2.8A2 2 0 0 0 18 8V7h-1ZM6 20h12v1H6v-1Z"
    />
  </svg>
);
