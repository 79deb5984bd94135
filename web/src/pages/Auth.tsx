import { useState } from 'react';
import type { FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../api/errors';
import { useAuth } from '../auth';
import { fieldErrorsOf, RetryHint, TextField } from '../components/ui';
import { useTitle } from '../hooks';

/** Only paths inside this app are followed after logging in. */
const safeNext = (next: string | null): string =>
  next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

const fields = ['username', 'password'] as const;

const AuthForm = ({ mode }: { mode: 'login' | 'signup' }) => {
  const { me, logIn, signUp } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [limited, setLimited] = useState(false);
  const signup = mode === 'signup';
  useTitle(signup ? 'Sign up' : 'Log in');

  if (me && !pending) return <Navigate to={next} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await (signup ? signUp(username, password) : logIn(username, password));
      navigate(next, { replace: true });
    } catch (e) {
      setError(e);
      setLimited(isApiError(e, 429));
    } finally {
      setPending(false);
    }
  };

  const { byField, other } = fieldErrorsOf(error, fields);
  let summary: string | null = null;
  if (error) {
    if (isApiError(error, 409)) {
      byField.username ??= 'is already taken; choose another one';
      summary = 'That username is already taken.';
    } else if (isApiError(error, 401)) summary = 'Wrong username or password.';
    else if (isApiError(error, 429)) summary = error.message || 'Too many attempts.';
    else if (isApiError(error, 400)) summary = 'Please fix the fields below.';
    else summary = error instanceof Error ? error.message : 'Something went wrong.';
  }
  const message = (field: string) => {
    const m = byField[field];
    return m ? `${field === 'username' ? 'Username' : 'Password'} ${m}` : undefined;
  };

  return (
    <div className="auth">
      <div className="card auth-card">
        <h1>{signup ? 'Create your account' : 'Welcome back'}</h1>
        <p className="muted">
          {signup
            ? 'Pick a username and a password to start playing.'
            : 'Log in to submit ballots and see yours.'}
        </p>
        <div className="form-status" aria-live="assertive">
          {summary ? (
            <div className="notice notice-error" role="alert">
              <p className="notice-title">{summary}</p>
              {other.map((m) => (
                <p key={m}>{m}</p>
              ))}
              {isApiError(error, 401) ? (
                <p>Check both and try again; usernames are not case-sensitive.</p>
              ) : null}
              {isApiError(error) && error.retryAfter !== null ? (
                <RetryHint seconds={error.retryAfter} onReady={() => setLimited(false)} />
              ) : null}
            </div>
          ) : null}
        </div>
        <form onSubmit={submit} noValidate className="form">
          <TextField
            label="Username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            hint={signup ? '3 to 32 letters, digits, dots, dashes or underscores.' : undefined}
            error={message('username')}
          />
          <TextField
            label="Password"
            name="password"
            type={showPassword ? 'text' : 'password'}
            autoComplete={signup ? 'new-password' : 'current-password'}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            hint={signup ? 'At least 8 characters. Common passwords are refused.' : undefined}
            error={message('password')}
          />
          <label className="checkbox">
            <input
              type="checkbox"
              checked={showPassword}
              onChange={(e) => setShowPassword(e.target.checked)}
            />
            Show password
          </label>
          <button type="submit" className="button button-block" disabled={pending || limited}>
            {pending
              ? signup
                ? 'Creating your account…'
                : 'Logging in…'
              : signup
                ? 'Sign up'
                : 'Log in'}
          </button>
        </form>
        <p className="auth-switch">
          {signup ? (
            <>
              Already have an account?{' '}
              <Link to={`/login?next=${encodeURIComponent(next)}`}>Log in</Link>
            </>
          ) : (
            <>
              New here?{' '}
              <Link to={`/signup?next=${encodeURIComponent(next)}`}>Create an account</Link>
            </>
          )}
        </p>
      </div>
    </div>
  );
};

export const LoginPage = () => <AuthForm mode="login" />;
export const SignupPage = () => <AuthForm mode="signup" />;
