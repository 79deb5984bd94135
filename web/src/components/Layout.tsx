import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth';
import { errorMessage } from './ui';
import { WinBadge } from './WinNotice';

const Logo = () => (
  <svg className="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
    <circle cx="16" cy="16" r="15" fill="currentColor" />
    <circle
      cx="16"
      cy="16"
      r="9.5"
      fill="none"
      stroke="#fff"
      strokeWidth="2"
      strokeDasharray="3 2.2"
    />
    <text x="16" y="20.5" textAnchor="middle" fontSize="12" fontWeight="700" fill="#fff">
      7
    </text>
  </svg>
);

export const Layout = () => {
  const { me, logOut } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [logoutError, setLogoutError] = useState<string | null>(null);
  const first = useRef(true);

  // After a client-side navigation, move focus to the new page's heading, as a page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('main h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }, [location.pathname]);

  const here = encodeURIComponent(location.pathname + location.search);
  const onAuthPage = location.pathname === '/login' || location.pathname === '/signup';

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <Link to="/" className="brand">
            <Logo />
            <span>Lucky Day</span>
          </Link>
          <nav aria-label="Main" className="main-nav">
            <NavLink to="/" end>
              Lotteries
            </NavLink>
            <NavLink to="/winners">Winners</NavLink>
            {me ? <NavLink to="/my/ballots">My ballots</NavLink> : null}
            {me?.role === 'admin' ? <NavLink to="/admin">Admin</NavLink> : null}
          </nav>
          <WinBadge />
          <div className="account" aria-live="polite">
            {me === undefined ? (
              <span className="account-placeholder" aria-hidden="true" />
            ) : me ? (
              <>
                <span className="account-name" title="Logged in">
                  <span className="avatar" aria-hidden="true">
                    {me.username.slice(0, 1).toUpperCase()}
                  </span>
                  <span className="visually-hidden">Logged in as </span>
                  {me.username}
                </span>
                <button
                  type="button"
                  className="button button-small button-ghost"
                  onClick={() => {
                    setLogoutError(null);
                    logOut().then(
                      () => navigate('/'),
                      (e: unknown) => setLogoutError(errorMessage(e)),
                    );
                  }}
                >
                  Log out
                </button>
              </>
            ) : onAuthPage ? null : (
              <>
                <Link className="button button-small button-ghost" to={`/login?next=${here}`}>
                  Log in
                </Link>
                <Link className="button button-small" to={`/signup?next=${here}`}>
                  Sign up
                </Link>
              </>
            )}
          </div>
        </div>
        {logoutError ? (
          <div className="container">
            <p className="notice notice-error" role="alert">
              Could not log out: {logoutError}
            </p>
          </div>
        ) : null}
      </header>
      <main id="main" className="container">
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>
            One draw a day per lottery, closing at midnight in the lottery’s time zone. Every draw
            is provably fair: its commitment is published before the draw opens, and anyone can{' '}
            <Link to="/winners">check the results</Link>.
          </p>
        </div>
      </footer>
    </>
  );
};
