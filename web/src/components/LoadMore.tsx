import type { UseInfiniteQueryResult } from '@tanstack/react-query';
import { ErrorNotice, Spinner } from './ui';

/** "Load more" under a paged list: the next page's button, its progress and its failure. */
export const LoadMore = ({
  list,
  label,
  loadingLabel,
}: {
  list: Pick<
    UseInfiniteQueryResult,
    'hasNextPage' | 'fetchNextPage' | 'isFetchingNextPage' | 'isFetchNextPageError' | 'error'
  >;
  label: string;
  loadingLabel: string;
}) => (
  <>
    {list.isFetchNextPageError ? (
      <ErrorNotice error={list.error} onRetry={() => void list.fetchNextPage()} />
    ) : null}
    {list.hasNextPage ? (
      <div className="load-more">
        <button
          type="button"
          className="button button-ghost"
          onClick={() => void list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
        >
          {list.isFetchingNextPage ? <Spinner label={loadingLabel} /> : label}
        </button>
      </div>
    ) : null}
  </>
);
