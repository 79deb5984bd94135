import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { queries } from '../../api/queries';
import type { BallotRange, MyDraw } from '../../api/types';
import { LoadMore } from '../../components/LoadMore';
import { formatNumber } from '../../format';

const Chip = ({ range, won }: { range: BallotRange; won: number | null }) => {
  const wins = won !== null && won >= range.first && won <= range.last;
  const size = range.last - range.first + 1;
  return (
    <li className={`chip${wins ? ' chip-won' : ''}`}>
      {size === 1 ? `#${range.first}` : `#${range.first}–#${range.last}`}
      {size > 2 ? <span className="chip-count"> ({formatNumber(size)})</span> : null}
      {wins ? <span className="chip-tag">{size === 1 ? 'Winner' : `Winner #${won}`}</span> : null}
    </li>
  );
};

/** A draw's ranges: the first ones come with it, the rest on request, a page at a time. */
export const RangeChips = ({ draw }: { draw: MyDraw }) => {
  const [more, setMore] = useState(false);
  return (
    <>
      <ul className="chips" aria-label="Ballot numbers">
        {draw.ranges.map((r) => (
          <Chip key={r.first} range={r} won={draw.wonWith} />
        ))}
        {more && draw.rangesNext !== null ? (
          <MoreRanges drawId={draw.drawId} from={draw.rangesNext} won={draw.wonWith} />
        ) : null}
      </ul>
      {draw.rangesNext !== null && !more ? (
        <button
          type="button"
          className="button button-small button-ghost"
          onClick={() => setMore(true)}
        >
          Show more numbers
        </button>
      ) : null}
    </>
  );
};

const MoreRanges = ({
  drawId,
  from,
  won,
}: {
  drawId: number;
  from: number;
  won: number | null;
}) => {
  const list = useInfiniteQuery(queries.myRanges(drawId, from));
  const ranges = list.data?.pages.flatMap((page) => page.ranges) ?? [];
  return (
    <>
      {ranges.map((r) => (
        <Chip key={r.first} range={r} won={won} />
      ))}
      <li className="chips-more">
        <LoadMore list={list} label="Show more numbers" loadingLabel="Loading more numbers" />
      </li>
    </>
  );
};
