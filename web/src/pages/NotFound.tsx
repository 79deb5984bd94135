import { Link } from 'react-router';
import { useTitle } from '../hooks';

export const NotFoundPage = () => {
  useTitle('Page not found');
  return (
    <div className="empty-state">
      <h1>Page not found</h1>
      <p className="muted">There is nothing at this address.</p>
      <Link className="button" to="/">
        See today’s lotteries
      </Link>
    </div>
  );
};
