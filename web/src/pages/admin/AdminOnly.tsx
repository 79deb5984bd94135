import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useAuth } from '../../auth';
import { Skeleton } from '../../components/ui';

/** Shows the page to admins only; everyone else gets a clear explanation. */
export const AdminOnly = ({ children }: { children: ReactNode }) => {
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <Skeleton count={2} height={120} />;
  if (me === null || me.role !== 'admin') {
    return (
      <>
        <h1>Admin</h1>
        <div className="notice notice-warning" role="alert">
          <p className="notice-title">Admins only</p>
          {me === null ? (
            <p>
              This area is for lottery administrators.{' '}
              <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>
                Log in with an admin account
              </Link>
              .
            </p>
          ) : (
            <p>
              You are logged in as {me.username}, who is not an administrator. Ask an admin if you
              need access.
            </p>
          )}
        </div>
      </>
    );
  }
  return <>{children}</>;
};
