import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * The one source of truth for row types. Instants are epoch milliseconds (bigint columns) and
 * dates are `YYYY-MM-DD` text on both databases, so both behave identically.
 */
export interface Database {
  participants: ParticipantsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  lotteries: LotteriesTable;
  draws: DrawsTable;
  draw_results: DrawResultsTable;
  draw_ballot_counts: DrawBallotCountsTable;
  draw_seal_progress: DrawSealProgressTable;
  ballots: BallotsTable;
  idempotency_keys: IdempotencyKeysTable;
  rate_limits: RateLimitsTable;
  server_keys: ServerKeysTable;
  win_notice_marks: WinNoticeMarksTable;
}

export interface ParticipantsTable {
  id: Generated<number>;
  username: string;
  /** Lower-cased username: unique, so names are unique ignoring case. */
  username_key: string;
  password_hash: string;
  role: 'participant' | 'admin';
  created_at: number;
  password_changed_at: number;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a database leak does not leak live sessions. */
  id_hash: string;
  participant_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export interface ApiTokensTable {
  id: Generated<number>;
  participant_id: number;
  token_hash: string;
  name: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface LotteriesTable {
  id: Generated<number>;
  name: string;
  name_key: string;
  description: string | null;
  starts_on: string;
  ends_on: string | null;
  time_zone: string;
  created_at: number;
  cancelled_at: number | null;
}

export interface DrawsTable {
  id: Generated<number>;
  lottery_id: number;
  draw_date: string;
  opens_at: number;
  closes_at: number;
  status: 'open' | 'closed' | 'drawn';
  closed_at: number | null;
  /** The sealed ballot count and Merkle root, published at the close (before any beacon round). */
  sealed_count: number | null;
  sealed_root: string | null;
  sealed_at: number | null;
  /**
   * Each whole sealing page's first ballot id and Merkle root, `id:hex` separated by commas:
   * a proof hashes one page instead of the draw (ADR 0013). Null for draws sealed before it.
   */
  sealed_pages: string | null;
  /** The secret seed (hex), revealed only once the draw is drawn. */
  seed: string;
  commitment: string;
  beacon_round: number | null;
  prev_record_hash: string | null;
  record_hash: string;
  created_at: number;
  /** Which process is sealing the draw, and until when its claim holds. */
  lease_owner: string | null;
  lease_until: number | null;
}

export interface DrawBallotCountsTable {
  draw_id: number;
  /** Intake transactions add to one of a few shards each, so they do not queue on one row. */
  shard: number;
  ballots: number;
}

/** How far an open draw's seal has got during its day (ADR 0008). */
export interface DrawSealProgressTable {
  draw_id: number;
  /** The first `ballots` ballots in canonical order are hashed: a whole number of pages. */
  ballots: number;
  /** The last of them. */
  last_ballot_id: number;
  /** Their Merkle subtree roots, largest first: `height:hex` separated by commas. */
  subtrees: string;
  /** The first ballot id of each sealing page, comma-separated (the pick's checkpoints). */
  checkpoints: string;
  /** The Merkle root of each of those pages, hex, comma-separated ('' before migration 0004). */
  page_roots: Generated<string>;
  updated_at: number;
}

export interface DrawResultsTable {
  /** Primary key: a draw has at most one result, whatever happens. */
  draw_id: number;
  ballot_count: number;
  merkle_root: string;
  winning_index: number | null;
  winning_ballot_id: number | null;
  beacon_randomness: string | null;
  beacon_signature: string | null;
  drawn_at: number;
}

/**
 * A run of ballots (ADR 0016): `quantity` consecutive ballot numbers starting at `id`, submitted
 * together by one participant into one draw. Runs never overlap.
 */
export interface BallotsTable {
  id: Generated<number>;
  draw_id: number;
  lottery_id: number;
  participant_id: number;
  submitted_at: number;
  quantity: ColumnType<number, number | undefined, number>;
}

export interface IdempotencyKeysTable {
  participant_id: number;
  key: string;
  request_hash: string;
  response_status: number;
  response_body: string;
  created_at: number;
  /**
   * The accepted submission as JSON (`SubmittedBallots`), stored with its ballots in one
   * transaction; null only for keys reserved before migration 0003.
   */
  outcome: string | null;
}

export interface RateLimitsTable {
  bucket: string;
  window_start: number;
  count: number;
}

export interface ServerKeysTable {
  name: string;
  private_key: string;
  public_key: string;
  created_at: number;
}

/** Until when (drawn_at) a participant has dismissed the notice of their wins. */
export interface WinNoticeMarksTable {
  participant_id: number;
  dismissed_through: number;
}

export type ParticipantRow = Selectable<ParticipantsTable>;
export type LotteryRow = Selectable<LotteriesTable>;
export type DrawRow = Selectable<DrawsTable>;
export type DrawResultRow = Selectable<DrawResultsTable>;
export type DrawSealProgressRow = Selectable<DrawSealProgressTable>;
export type BallotRow = Selectable<BallotsTable>;
export type NewBallotRow = Insertable<BallotsTable>;
