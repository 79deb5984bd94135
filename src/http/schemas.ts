import { Type, type TProperties, type TSchema } from 'typebox';
import { ballotRules, lotteryRules } from '../domain/index.js';

/**
 * The API's shapes, as TypeBox schemas: the same definitions validate requests, serialize
 * responses (dropping anything not listed) and generate the OpenAPI document.
 */

/** A request body or query: unknown fields are refused. */
const strict = <T extends TProperties>(properties: T, description?: string) =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const id = (description?: string) =>
  Type.Integer({
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
    ...(description ? { description } : {}),
  });

const localDate = (description = 'A calendar day, YYYY-MM-DD, in the lottery’s time zone.') =>
  Type.String({ format: 'date', description, examples: ['2026-03-10'] });

export const Id = id();
export const IdParams = strict({ id: Id });
export const LocalDate = localDate();

export const Instant = Type.String({
  format: 'date-time',
  description: 'An instant, ISO 8601 in UTC.',
  examples: ['2026-03-10T12:00:00.000Z'],
});

/** An RFC 9457 problem document; extension members (e.g. `retryAfter`) may appear. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'Identifies the kind of problem: /problems/<code>.' }),
    title: Type.String({ description: 'A short summary of the kind of problem.' }),
    status: Type.Integer(),
    detail: Type.String({ description: 'What went wrong this time, and what to do about it.' }),
    code: Type.String({ description: 'A stable machine-readable code.' }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String({ description: 'A JSON pointer to the input, e.g. /username.' }),
          message: Type.String(),
          in: Type.Optional(Type.Enum(['query', 'path', 'header'])),
        }),
      ),
    ),
  },
  { $id: 'Problem', additionalProperties: true },
);

// Accounts

export const Participant = Type.Object({
  id: Id,
  username: Type.String(),
  role: Type.Enum(['participant', 'admin']),
  createdAt: Instant,
});

export const Registration = strict({
  username: Type.String({
    maxLength: 256,
    description: '3–32 letters, digits, "_", "-" or "."; unique ignoring case.',
  }),
  password: Type.String({
    maxLength: 1024,
    description: '8–128 characters, not one of the most common passwords, not the username.',
  }),
});

export const Credentials = strict({
  username: Type.String({ maxLength: 256 }),
  password: Type.String({ maxLength: 1024 }),
});

export const PasswordChange = strict({
  currentPassword: Type.String({ maxLength: 1024 }),
  newPassword: Type.String({
    maxLength: 1024,
    description: '8–128 characters, not one of the most common passwords, not the username.',
  }),
});

export const PasswordChanged = Type.Object({
  sessionsEnded: Type.Integer({
    minimum: 0,
    description:
      'How many of your other sessions ended (all of them; a change made from a session keeps that one).',
  }),
  tokensRevoked: Type.Integer({
    minimum: 0,
    description: 'How many of your API tokens were revoked (all of them).',
  }),
});

export const Session = Type.Object({ participant: Participant });

export const CurrentSession = Type.Object({
  participant: nullable(Participant),
});

export const TokenInput = strict({
  name: Type.Optional(Type.String({ maxLength: 100, description: 'A label to recognise it by.' })),
});

export const Token = Type.Object({
  id: Id,
  name: nullable(Type.String()),
  createdAt: Instant,
  lastUsedAt: nullable(Instant),
});

export const NewToken = Type.Object({
  ...Token.properties,
  token: Type.String({
    description: 'The secret, shown only this once. Send it as "Authorization: Bearer <token>".',
  }),
});

// Lotteries

export const LotteryStatus = Type.Enum(['upcoming', 'open', 'finished', 'cancelled']);

export const Lottery = Type.Object({
  id: Id,
  name: Type.String(),
  description: nullable(Type.String()),
  startsOn: LocalDate,
  endsOn: nullable(LocalDate),
  timeZone: Type.String({ examples: ['Europe/Paris'] }),
  status: LotteryStatus,
  createdAt: Instant,
  cancelledAt: nullable(Instant),
  today: nullable(
    Type.Object(
      {
        drawId: Id,
        date: LocalDate,
        opensAt: Instant,
        closesAt: Instant,
        ballotCount: Type.Integer({ minimum: 0 }),
      },
      { description: 'While the lottery is open: today’s draw.' },
    ),
  ),
  myBallots: Type.Optional(
    Type.Object(
      { today: Type.Integer({ minimum: 0 }), total: Type.Integer({ minimum: 0 }) },
      { description: 'Only when logged in: your ballots in today’s draw, and in all.' },
    ),
  ),
});

const name = Type.String({ minLength: 1, maxLength: lotteryRules.nameMax });
const description = nullable(Type.String({ maxLength: lotteryRules.descriptionMax }));
const timeZoneRules = {
  minLength: 1,
  maxLength: 64,
  description: 'An IANA time zone; its midnight closes each day’s draw.',
  examples: ['UTC', 'Europe/Paris'],
};
const timeZone = Type.String(timeZoneRules);

export const LotteryInput = strict({
  name,
  description: Type.Optional(description),
  startsOn: LocalDate,
  endsOn: Type.Optional(nullable(LocalDate)),
  timeZone: Type.Optional(Type.String({ ...timeZoneRules, default: 'UTC' })),
});

export const LotteryPatch = strict({
  name: Type.Optional(name),
  description: Type.Optional(description),
  startsOn: Type.Optional(LocalDate),
  endsOn: Type.Optional(nullable(LocalDate)),
  timeZone: Type.Optional(timeZone),
});

export const LotteryQuery = strict({ status: Type.Optional(LotteryStatus) });

// Ballots

export const BallotInput = strict({
  quantity: Type.Optional(
    Type.Integer({
      minimum: ballotRules.minQuantity,
      maximum: ballotRules.maxQuantity,
      default: 1,
    }),
  ),
});

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      pattern: '^[\\x20-\\x7E]{1,128}$',
      description:
        '1–128 printable ASCII characters. A retry with the same key returns the first response instead of submitting again (keys are kept 24 hours).',
    }),
  ),
});

// Receipts (protocol lottery-fair-v1, docs/fairness.md)

export const Hash = Type.String({
  pattern: '^[0-9a-f]{64}$',
  description: 'A SHA-256 hash, 64 lowercase hex digits.',
});

export const Receipt = Type.Object(
  {
    lotteryId: id('The lottery’s id.'),
    drawDate: localDate('The date of the draw the ballots joined.'),
    ballotIds: Type.Array(Id, {
      minItems: 1,
      description:
        'The accepted ballots’ numbers, ascending. Each one’s Merkle leaf hash follows from the lottery id, the draw date and the number alone (docs/fairness.md, section 6).',
    }),
    submittedAt: Type.String({
      ...Instant,
      description: 'When the ballots were accepted, exactly as signed (milliseconds, UTC, "Z").',
    }),
  },
  {
    description:
      'What the lottery signs for every accepted submission (docs/fairness.md, section 5). Keep it with its signature: with a draw’s inclusion proof it shows a ballot was sealed into the draw, and if it was not, it proves the ballot had been accepted.',
  },
);

export const ReceiptSignature = Type.Object(
  {
    batchSize: Type.Integer({
      minimum: 1,
      description: 'How many receipts the lottery signed together with this one.',
    }),
    index: Type.Integer({ minimum: 0, description: 'This receipt’s position among them.' }),
    path: Type.Array(Hash, {
      description:
        'The receipt’s inclusion proof in the batch’s Merkle tree (RFC 9162), from the receipt up.',
    }),
    ed25519: Type.String({
      pattern: '^[A-Za-z0-9_-]{86}$',
      description:
        'Ed25519 signature of the batch’s size and Merkle root, base64url without padding; check it with the key of GET /api/v1/fairness/key.',
    }),
  },
  {
    description:
      'How the receipt is signed: receipts issued together share one signature over the root of their Merkle tree (docs/fairness.md, section 5).',
  },
);

export const SubmittedBallots = Type.Object(
  {
    lotteryId: id('The lottery the ballots were submitted to.'),
    drawId: id(
      'The draw the ballots joined (all the ballots of a submission join the same draw): GET /api/v1/lotteries/{lotteryId}/draws/{drawDate} shows it.',
    ),
    drawDate: localDate(
      'The day of that draw, in the lottery’s time zone: today’s, or the next day’s for a submission that reached the draw just as it closed at midnight.',
    ),
    submittedAt: Type.String({
      ...Instant,
      description:
        'When the ballots were accepted, the same for all of them (and the same instant as `receipt.submittedAt`).',
    }),
    quantity: Type.Integer({
      minimum: ballotRules.minQuantity,
      maximum: ballotRules.maxQuantity,
      description:
        'How many ballots were accepted: always the quantity asked for (a submission is accepted whole or not at all), and the length of `ballotIds`.',
    }),
    ballotIds: Type.Array(Id, {
      minItems: ballotRules.minQuantity,
      maxItems: ballotRules.maxQuantity,
      description:
        'The accepted ballots’ numbers, strictly ascending: the same list as `receipt.ballotIds`, not necessarily consecutive (other submissions may take numbers in between). A number is the ballot’s `id` in GET /api/v1/me/ballots and, once the draw is sealed at its close, its `ballotId` in the draw’s ballot list and its `{id}` in GET /api/v1/ballots/{id}/proof.',
    }),
    receipt: Receipt,
    signature: ReceiptSignature,
  },
  {
    description:
      'The accepted submission: its draw, its ballots’ numbers, and the signed receipt that lists them (keep `receipt` and `signature` together to prove the ballots were accepted).',
  },
);

export const MyBallotsQuery = strict({
  lotteryId: Type.Optional(Id),
  date: Type.Optional(LocalDate),
  before: Type.Optional(id('The `next` of the previous page.')),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});

export const DrawStatus = Type.Enum(['upcoming', 'open', 'closed', 'drawn'], {
  description:
    'upcoming before its day; open during it; closed from its midnight; drawn once the winner is known.',
});

export const MyBallots = Type.Object({
  ballots: Type.Array(
    Type.Object({
      id: Id,
      lotteryId: Id,
      lotteryName: Type.String(),
      drawId: Id,
      drawDate: LocalDate,
      drawStatus: DrawStatus,
      submittedAt: Instant,
      won: Type.Boolean(),
    }),
  ),
  next: nullable(id('Pass as `before` for the next page; null on the last.')),
});

// My draws: my ballots draw by draw, as ranges

export const MyDrawsQuery = strict({
  lotteryId: Type.Optional(Id),
  date: Type.Optional(LocalDate),
  before: Type.Optional(id('The `next` of the previous page.')),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
});

export const BallotRange = Type.Object(
  { first: Id, last: Id },
  { description: 'Consecutive ballot numbers you hold, first to last (the same for one ballot).' },
);

export const MyDraw = Type.Object({
  drawId: Id,
  lotteryId: Id,
  lotteryName: Type.String(),
  date: LocalDate,
  status: DrawStatus,
  ballots: Type.Integer({ minimum: 1, description: 'How many ballots you hold in this draw.' }),
  drawBallots: Type.Integer({
    minimum: 1,
    description: 'How many ballots the draw holds: sealed once closed, so far before.',
  }),
  firstId: id('Your lowest ballot number in it.'),
  lastId: id('Your highest ballot number in it.'),
  firstSubmittedAt: Instant,
  lastSubmittedAt: Instant,
  wonWith: nullable(id('Your winning ballot, if you won this draw.')),
  ranges: Type.Array(BallotRange, {
    maxItems: 20,
    description: 'Your first ranges of ballot numbers, ascending.',
  }),
  rangesNext: nullable(
    id('Where your next range starts: pass as `from` to GET /me/draws/{drawId}/ranges.'),
  ),
});

export const MyDraws = Type.Object({
  draws: Type.Array(MyDraw),
  next: nullable(id('Pass as `before` for the next page; null on the last.')),
});

export const MyRangesParams = strict({ drawId: Id });

export const MyRangesQuery = strict({
  from: Type.Optional(
    id('The first ballot number to look from (the `rangesNext` you were given).'),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 500 })),
});

export const MyRanges = Type.Object({
  ranges: Type.Array(BallotRange),
  next: nullable(id('Pass as `from` for the next page; null on the last.')),
});

// Wins

export const Win = Type.Object({
  lotteryId: Id,
  lotteryName: Type.String(),
  drawId: Id,
  date: LocalDate,
  ballotId: id('Your winning ballot.'),
  ballotCount: Type.Integer({ minimum: 1, description: 'How many ballots the draw held.' }),
  drawnAt: Type.String({
    ...Instant,
    description: 'When the winner was picked: pass the newest as `through` to dismiss.',
  }),
});

export const Wins = Type.Object({
  wins: Type.Array(Win, {
    maxItems: 20,
    description: 'Newest first; at most 20 (GET /me/ballots lists every ballot, wins marked).',
  }),
});

export const WinsDismissal = strict({
  through: Type.String({
    ...Instant,
    description:
      'The `drawnAt` of the newest win you were shown: it and older ones are dismissed, any drawn later still shows.',
  }),
});

// Draws

export const Draw = Type.Object({
  id: Id,
  lotteryId: Id,
  lotteryName: Type.String(),
  date: LocalDate,
  status: DrawStatus,
  opensAt: Instant,
  closesAt: Instant,
  closedAt: nullable(Instant),
  drawnAt: nullable(Instant),
  ballotCount: Type.Integer({
    minimum: 0,
    description: 'The sealed count once drawn, the count so far before.',
  }),
  winningBallot: nullable(Type.Object({ id: Id, username: Type.String() })),
});

export const Beacon = Type.Object(
  {
    round: Type.Integer({ minimum: 1 }),
    randomness: Type.String({ description: 'SHA-256 of the signature, hex.' }),
    signature: Type.String({ description: 'BLS12-381 G1 signature of the round, hex.' }),
  },
  {
    description: 'The drand quicknet beacon of the committed round (docs/fairness.md, section 7).',
  },
);

export const Fairness = Type.Object(
  {
    version: Type.Integer({ description: 'The protocol version: 1 is lottery-fair-v1.' }),
    commitment: Type.String({ description: 'Published before the draw opens: hides the seed.' }),
    beaconRound: nullable(
      Type.Integer({ description: 'The drand quicknet round committed to; null for none.' }),
    ),
    prevRecordHash: nullable(
      Type.String({ description: 'The opening record hash of the lottery’s previous draw.' }),
    ),
    recordHash: Type.String({ description: 'This draw’s opening record hash.' }),
    count: Type.Optional(
      Type.Integer({ minimum: 0, description: 'From the close on: how many ballots were sealed.' }),
    ),
    merkleRoot: Type.Optional(
      Type.String({ description: 'From the close on: the Merkle root sealing the ballots.' }),
    ),
    seed: Type.Optional(Type.String({ description: 'Revealed only once drawn.' })),
    winningIndex: Type.Optional(
      nullable(Type.Integer({ description: 'Once drawn: the winner’s position, null for none.' })),
    ),
    winningBallotId: Type.Optional(
      nullable(Type.Integer({ description: 'Once drawn: the winning ballot, null for none.' })),
    ),
    beacon: Type.Optional(nullable(Beacon)),
    beaconRandomness: Type.Optional(
      nullable(Type.String({ description: 'Deprecated: `beacon.randomness`.' })),
    ),
    beaconSignature: Type.Optional(
      nullable(Type.String({ description: 'Deprecated: `beacon.signature`.' })),
    ),
  },
  {
    description:
      'The draw record: what anyone needs to check that the draw was fair (docs/fairness.md, section 9). Fields appear as they become public.',
  },
);

export const DrawDetail = Type.Object({
  ...Draw.properties,
  timeZone: Type.String(),
  fairness: Fairness,
});

export const DrawDayQuery = strict({ date: LocalDate });

export const DrawDay = Type.Object({ date: LocalDate, draws: Type.Array(Draw) });

export const LotteryDrawsQuery = strict({
  before: Type.Optional(localDate('The `next` of the previous page.')),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
});

export const LotteryDraws = Type.Object({
  draws: Type.Array(Draw),
  next: nullable(localDate('Pass as `before` for the next page; null on the last.')),
});

export const DrawParams = strict({ id: Id, date: LocalDate });

export const LatestDate = Type.Object({ date: nullable(LocalDate) });

// Fairness: sealed ballots, inclusion proofs, the receipt key

export const SealedBallot = Type.Object(
  {
    ballotId: id('The ballot’s number.'),
    leafHash: Type.String({ ...Hash, description: 'Its Merkle leaf hash.' }),
  },
  { description: 'One leaf of the sealed Merkle tree.' },
);

export const SealedBallotsQuery = strict({
  after: Type.Optional(id('The `next` of the previous page: the ballots after this one.')),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 })),
});

export const SealedBallots = Type.Object({
  ballots: Type.Array(SealedBallot, {
    description: 'In canonical order (ascending ballot id): the leaves of the sealed tree.',
  }),
  next: nullable(id('Pass as `after` for the next page; null on the last.')),
});

export const BallotProof = Type.Object(
  {
    ballotId: Id,
    lotteryId: Id,
    drawDate: LocalDate,
    index: Type.Integer({ minimum: 0, description: 'The ballot’s position in canonical order.' }),
    count: Type.Integer({ minimum: 1, description: 'How many ballots the draw sealed.' }),
    root: Type.String({ ...Hash, description: 'The sealed Merkle root.' }),
    leafHash: Type.String({ ...Hash, description: 'The ballot’s leaf hash.' }),
    path: Type.Array(Hash, {
      description: 'The sibling hashes from the leaf up to the root (RFC 9162, section 2.1.3).',
    }),
  },
  {
    description:
      'Proves that the ballot is leaf `index` of the `count` sealed under `root`; check `root` and `count` against the published draw record.',
  },
);

export const FairnessKey = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  publicKey: Type.String({
    description: 'The public key that verifies ballot receipts, SPKI PEM.',
    examples: ['-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA…\n-----END PUBLIC KEY-----\n'],
  }),
});

// Responses

const problemTitles: Record<number, string> = {
  400: 'The input is not valid; `errors` says which fields to fix.',
  401: 'Log in first (session cookie or bearer token).',
  403: 'Not allowed (not an admin, or a cross-site request).',
  404: 'Not found.',
  409: 'Conflicts with the current state.',
  415: 'The body must be JSON.',
  422: 'The Idempotency-Key was used for a different request.',
  429: 'Too many attempts; see Retry-After.',
  503: 'Temporarily unavailable; see Retry-After.',
};

/** Documents the problem documents a route may answer with. */
export const problems = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: problemTitles[status] ?? 'A problem.',
        content: { 'application/problem+json': { schema: Type.Ref('Problem') } },
      },
    ]),
  );

export const NoContent = Type.Null({ description: 'Done; no content.' });

/** A 304: headers only, no body (a plain schema, so the route sends nothing at all). */
export const notModified = {
  304: {
    type: 'null',
    description: 'Not modified: the copy whose ETag was sent in If-None-Match is current.',
  },
};

export const ConditionalHeaders = Type.Object({
  'if-none-match': Type.Optional(
    Type.String({
      description: 'The ETag of a copy you hold (or several, comma-separated): 304 if current.',
    }),
  ),
});

/** The same schema with a description of this particular response. */
export const answer = <T extends TSchema>(schema: T, description: string): T =>
  ({ ...schema, description }) as T;
