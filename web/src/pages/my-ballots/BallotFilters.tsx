import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { queries } from '../../api/queries';

/** The lottery and date filters; their values live in the address. */
export const BallotFilters = ({
  lotteryId,
  date,
  onChange,
  onClear,
}: {
  lotteryId: string;
  date: string;
  onChange: (name: 'lottery' | 'date', value: string) => void;
  onClear: () => void;
}) => {
  const id = useId();
  const lotteries = useQuery(queries.lotteries());
  const known = lotteries.data?.some((l) => String(l.id) === lotteryId) ?? false;
  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter ballots"
      onSubmit={(e) => e.preventDefault()}
    >
      <div className="field">
        <label htmlFor={`${id}-lottery`}>Lottery</label>
        <select
          id={`${id}-lottery`}
          className="input"
          value={lotteryId}
          onChange={(e) => onChange('lottery', e.target.value)}
        >
          <option value="">All lotteries</option>
          {(lotteries.data ?? []).map((l) => (
            <option key={l.id} value={String(l.id)}>
              {l.name}
            </option>
          ))}
          {lotteryId && !known ? <option value={lotteryId}>Lottery #{lotteryId}</option> : null}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-date`}>Draw date</label>
        <input
          id={`${id}-date`}
          className="input"
          type="date"
          value={date}
          onChange={(e) => onChange('date', e.target.value)}
        />
      </div>
      <div className="filters-actions">
        <button
          type="button"
          className="button button-ghost"
          onClick={onClear}
          disabled={!lotteryId && !date}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
};
