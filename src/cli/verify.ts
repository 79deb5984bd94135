import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Static } from 'typebox';
import type { Command } from 'commander';
import type { DrawDetail as DrawDetailSchema } from '../http/schemas.js';
import {
  verifyBallotInclusion,
  verifyChainLink,
  verifyDraw,
  type Check,
  type DrawRecord,
  type DrawVerification,
  type OpeningRecord,
  type PublishedBallot,
  type PublishedProof,
  type Receipt,
  type ReceiptSignature,
  type Verification,
} from '../fairness/index.js';

/**
 * `lottery verify`: an independent check of a draw (or of one ballot) from what the service
 * publishes, as docs/fairness.md describes it. It talks to the service over HTTP only: no
 * database, no settings. The protocol itself lives in src/fairness.
 */

/** A wrong command line (exit 2). */
export class VerifyUsageError extends Error {}

export interface VerifyOptions {
  server?: string;
  lottery?: string;
  date?: string;
  record?: string;
  ballots?: string;
  save?: string;
  previous?: string;
  ballot?: string;
  receipt?: string;
  json?: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REQUEST_TIMEOUT_MS = 30_000;

const positiveId = (text: string, option: string): number => {
  const value = Number(text);
  if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new VerifyUsageError(`${option} must be a positive whole number, not "${text}"`);
  }
  return value;
};

const drawDate = (text: string): string => {
  if (!DATE.test(text) || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) {
    throw new VerifyUsageError(`--date must be a date as YYYY-MM-DD, not "${text}"`);
  }
  return text;
};

const serverUrl = (text: string): URL => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new VerifyUsageError(
      `--server must be a URL such as https://lottery.example, not "${text}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new VerifyUsageError('--server must be an http: or https: URL');
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
};

// HTTP

/** The service, as the verifier sees it: a base URL and a few GETs. */
class Service {
  constructor(private readonly base: URL) {}

  url(path: string): URL {
    return new URL(`api/v1/${path}`, this.base);
  }

  async get(path: string, accept: string): Promise<Response> {
    const url = this.url(path);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept },
        signal: accept === 'application/json' ? AbortSignal.timeout(REQUEST_TIMEOUT_MS) : null,
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new Error(`cannot reach ${url.href}: ${cause ?? (error as Error).message}`, {
        cause: error,
      });
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let detail = text.slice(0, 300);
      try {
        detail = (JSON.parse(text) as { detail?: string }).detail ?? detail;
      } catch {
        // not a problem document: show the start of the body
      }
      throw new Error(`${url.href} answered ${response.status}: ${detail}`);
    }
    return response;
  }

  async json<T>(path: string): Promise<T> {
    const response = await this.get(path, 'application/json');
    try {
      return (await response.json()) as T;
    } catch {
      throw new Error(`${this.url(path).href} did not answer JSON`);
    }
  }
}

// The draw record

/** The service's draw view (GET /api/v1/lotteries/:id/draws/:date), as its schema defines it. */
type DrawDetail = Static<typeof DrawDetailSchema>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The protocol's draw record (docs/fairness.md, section 9) from the service's draw view. */
const recordOf = (draw: DrawDetail): DrawRecord => {
  const f = draw.fairness;
  if (draw.status !== 'drawn' || f.seed === undefined) {
    throw new Error(
      `the draw of ${draw.date} is ${draw.status}: it can be verified once it is drawn and its seed revealed`,
    );
  }
  return {
    version: f.version,
    lotteryId: draw.lotteryId,
    date: draw.date,
    commitment: f.commitment,
    beaconRound: f.beaconRound,
    prevRecordHash: f.prevRecordHash,
    count: f.count as number,
    root: f.merkleRoot as string,
    beacon: f.beacon ?? null,
    seed: f.seed,
    winningIndex: f.winningIndex ?? null,
    winningBallotId: f.winningBallotId ?? null,
  };
};

/** The opening record of a draw view: published from its opening on, whatever its status. */
const openingOf = (draw: DrawDetail): OpeningRecord => ({
  version: draw.fairness.version,
  lotteryId: draw.lotteryId,
  date: draw.date,
  commitment: draw.fairness.commitment,
  beaconRound: draw.fairness.beaconRound,
  prevRecordHash: draw.fairness.prevRecordHash,
});

const dayBefore = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * The opening record of the lottery's draw of the day before, or null when this is its first
 * draw, from the service. The draw records chain (docs/fairness.md, section 4).
 */
const previousOpening = async (
  service: Service,
  lotteryId: number,
  date: string,
): Promise<OpeningRecord | null> => {
  const { startsOn } = await service.json<{ startsOn: string }>(`lotteries/${lotteryId}`);
  if (date <= startsOn) return null;
  return openingOf(
    await service.json<DrawDetail>(`lotteries/${lotteryId}/draws/${dayBefore(date)}`),
  );
};

const readJson = async (file: string, what: string): Promise<unknown> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${what} ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${file} is not JSON`);
  }
};

/** A saved draw record: the protocol's record, or the service's draw view saved as it came. */
const readRecord = async (file: string): Promise<DrawRecord | DrawDetail> => {
  const saved = await readJson(file, 'the draw record');
  if (!isObject(saved)) throw new Error(`${file} is not a draw record`);
  return saved as unknown as DrawRecord | DrawDetail;
};

const isDrawView = (saved: DrawRecord | DrawDetail): saved is DrawDetail =>
  isObject((saved as Partial<DrawDetail>).fairness);

type Seal = Pick<DrawRecord, 'lotteryId' | 'date' | 'count' | 'root'>;

/** What an inclusion proof is checked against: the draw's published count and root. */
const sealOf = (saved: DrawRecord | DrawDetail): Seal => {
  if (!isDrawView(saved)) return saved;
  const { count, merkleRoot } = saved.fairness;
  if (count === undefined || merkleRoot === undefined) {
    throw new Error(`the draw of ${saved.date} is ${saved.status}: its ballots are not sealed yet`);
  }
  return { lotteryId: saved.lotteryId, date: saved.date, count, root: merkleRoot };
};

// The ballot list (NDJSON), streamed

/** Splits a byte stream into lines without holding more than one chunk and one line. */
async function* lines(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  for await (const chunk of chunks) {
    const text =
      rest + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    let start = 0;
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      yield text.slice(start, end);
      start = end + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.decode();
  if (rest !== '') yield rest;
}

/** Parses the NDJSON ballot list line by line, refusing anything that is not a ballot. */
async function* publishedBallots(
  chunks: AsyncIterable<Uint8Array | string>,
  source: string,
): AsyncGenerator<PublishedBallot> {
  let number = 0;
  for await (const line of lines(chunks)) {
    number += 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${source}, line ${number}, is not JSON`);
    }
    if (
      !isObject(value) ||
      typeof value.ballotId !== 'number' ||
      typeof value.leafHash !== 'string'
    ) {
      throw new Error(`${source}, line ${number}, is not a {"ballotId", "leafHash"} object`);
    }
    yield { ballotId: value.ballotId, leafHash: value.leafHash };
  }
}

/** Passes chunks through while writing them to `out` (waiting when it is full). */
async function* tee(
  chunks: AsyncIterable<Uint8Array>,
  out: WriteStream,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    if (!out.write(chunk)) await once(out, 'drain');
    yield chunk;
  }
}

const closeFile = async (out: WriteStream): Promise<void> => {
  out.end();
  await once(out, 'finish');
};

// Reporting

const width = (checks: Check[]) => Math.max(...checks.map((c) => c.name.length));

const checkLines = (checks: Check[]): string[] =>
  checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(width(checks))}  ${c.detail}`);

const verdict = (verification: Verification, passed: string): string => {
  const failed = verification.checks.filter((c) => !c.ok);
  if (failed.length === 0) return `PASS  ${passed}`;
  return `FAIL  ${failed.length} of ${verification.checks.length} checks failed: ${failed.map((c) => c.name).join(', ')}`;
};

const short = (hash: string | undefined | null) =>
  typeof hash === 'string' && hash.length > 16 ? `${hash.slice(0, 16)}…` : String(hash);

const write = (text: string) => process.stdout.write(`${text}\n`);

// The two checks

const verifyWholeDraw = async (options: VerifyOptions): Promise<boolean> => {
  let record: DrawRecord;
  let ballots: AsyncIterable<PublishedBallot>;
  let finish = async () => {};
  let source: string;
  /** The link to the day before: always online, offline with --previous. */
  let chain: Check | undefined;
  let savedPrevious = false;

  if (options.record !== undefined) {
    if (options.ballots === undefined) {
      throw new VerifyUsageError('--record needs --ballots FILE, the sealed ballot list (NDJSON)');
    }
    for (const online of ['server', 'lottery', 'date', 'save'] as const) {
      if (options[online] !== undefined) {
        throw new VerifyUsageError(`--record verifies saved files offline: leave out --${online}`);
      }
    }
    const saved = await readRecord(options.record);
    record = isDrawView(saved) ? recordOf(saved) : saved;
    if (options.previous !== undefined) {
      const before = await readRecord(options.previous);
      chain = verifyChainLink(record, isDrawView(before) ? openingOf(before) : before);
    }
    const file = options.ballots;
    const handle = await open(file).catch((error: Error) => {
      throw new Error(`cannot read the ballot list ${file}: ${error.message}`);
    });
    ballots = publishedBallots(handle.createReadStream(), file);
    source = options.record;
  } else {
    for (const offline of ['ballots', 'previous'] as const) {
      if (options[offline] !== undefined) {
        throw new VerifyUsageError(`--${offline} goes with --record; online, it is fetched`);
      }
    }
    if (
      options.server === undefined ||
      options.lottery === undefined ||
      options.date === undefined
    ) {
      throw new VerifyUsageError(
        'say which draw: --server URL --lottery ID --date YYYY-MM-DD (or --record FILE --ballots FILE)',
      );
    }
    const service = new Service(serverUrl(options.server));
    const lotteryId = positiveId(options.lottery, '--lottery');
    const date = drawDate(options.date);
    const drawPath = `lotteries/${lotteryId}/draws/${date}`;
    record = recordOf(await service.json<DrawDetail>(drawPath));
    const previous = await previousOpening(service, lotteryId, date);
    chain = verifyChainLink(record, previous);
    const response = await service.get(`${drawPath}/ballots.ndjson`, 'application/x-ndjson');
    if (response.body === null) throw new Error('the ballot list came without a body');
    let chunks: AsyncIterable<Uint8Array> = response.body;
    if (options.save !== undefined) {
      await mkdir(options.save, { recursive: true });
      await writeFile(join(options.save, 'record.json'), `${JSON.stringify(record, null, 2)}\n`);
      if (previous !== null) {
        const file = join(options.save, 'previous.json');
        await writeFile(file, `${JSON.stringify(previous, null, 2)}\n`);
        savedPrevious = true;
      }
      const out = createWriteStream(join(options.save, 'ballots.ndjson'));
      chunks = tee(chunks, out);
      finish = () => closeFile(out);
    }
    ballots = publishedBallots(chunks, service.url(`${drawPath}/ballots.ndjson`).href);
    source = options.server;
  }

  let verification: DrawVerification;
  try {
    verification = await verifyDraw(record, ballots);
  } finally {
    await finish();
  }
  if (chain !== undefined) {
    verification = {
      ...verification,
      ok: verification.ok && chain.ok,
      checks: [...verification.checks, chain],
    };
  }

  const summary = {
    ok: verification.ok,
    lotteryId: record.lotteryId,
    date: record.date,
    count: record.count,
    root: record.root,
    beaconRound: record.beaconRound,
    winningIndex: record.winningIndex,
    winningBallotId: record.winningBallotId,
    openingRecordHash: verification.openingRecordHash,
    checks: verification.checks,
    ...(options.save !== undefined
      ? {
          saved: {
            record: join(options.save, 'record.json'),
            ballots: join(options.save, 'ballots.ndjson'),
            ...(savedPrevious ? { previous: join(options.save, 'previous.json') } : {}),
          },
        }
      : {}),
  };
  if (options.json === true) {
    write(JSON.stringify(summary, null, 2));
    return verification.ok;
  }
  const beacon = record.beaconRound === null ? 'no beacon' : `beacon round ${record.beaconRound}`;
  const winner =
    record.winningBallotId === null
      ? 'no ballots, no winner'
      : `ballot ${record.winningBallotId} (index ${record.winningIndex}) won`;
  write(
    `Draw of lottery ${String(record.lotteryId)} on ${String(record.date)} from ${source}: ${String(record.count)} ballots, root ${short(record.root)}, ${beacon}`,
  );
  for (const line of checkLines(verification.checks)) write(line);
  write(verdict(verification, `all ${verification.checks.length} checks passed: ${winner}.`));
  if (verification.openingRecordHash !== null) {
    write(
      `Opening record hash ${verification.openingRecordHash} (the next draw’s prevRecordHash must equal it).`,
    );
  }
  if (options.save !== undefined) {
    const files = savedPrevious
      ? 'record.json, ballots.ndjson and previous.json'
      : 'record.json and ballots.ndjson';
    write(`Saved ${files} in ${options.save}.`);
  }
  return verification.ok;
};

interface SignedReceipt {
  receipt: Receipt;
  signature: ReceiptSignature;
}

/** The receipt file: {receipt, signature}, as the submission answered (the whole answer will do). */
const readReceipt = async (file: string, ballotId: number): Promise<SignedReceipt> => {
  const saved = await readJson(file, 'the receipt');
  if (!isObject(saved) || !isObject(saved.receipt) || !isObject(saved.signature)) {
    throw new Error(`${file} holds no {"receipt", "signature"}`);
  }
  const signed = saved as unknown as SignedReceipt;
  const listed = signed.receipt.ballotIds;
  if (!Array.isArray(listed) || !listed.includes(ballotId)) {
    throw new VerifyUsageError(
      `the receipt in ${file} lists ballots ${Array.isArray(listed) ? listed.join(', ') : '(none)'}, not --ballot ${ballotId}`,
    );
  }
  return signed;
};

interface Proof extends PublishedProof {
  ballotId: number;
  count: number;
  root: string;
}

const verifyOneBallot = async (options: VerifyOptions): Promise<boolean> => {
  if (options.ballot === undefined || options.receipt === undefined) {
    throw new VerifyUsageError('--ballot N and --receipt FILE go together');
  }
  if (options.server === undefined) {
    throw new VerifyUsageError('--ballot needs --server URL to fetch the proof and the key');
  }
  for (const other of ['ballots', 'save'] as const) {
    if (options[other] !== undefined) {
      throw new VerifyUsageError(`--${other} does not go with --ballot`);
    }
  }
  const ballotId = positiveId(options.ballot, '--ballot');
  const service = new Service(serverUrl(options.server));
  const { receipt, signature } = await readReceipt(options.receipt, ballotId);

  // The draw's published count and root: from a saved record, or as the service shows them.
  let record: Seal;
  if (options.record !== undefined) {
    record = sealOf(await readRecord(options.record));
  } else {
    const lotteryId =
      options.lottery === undefined ? receipt.lotteryId : positiveId(options.lottery, '--lottery');
    const date = options.date === undefined ? receipt.drawDate : drawDate(options.date);
    record = sealOf(
      await service.json<DrawDetail>(
        `lotteries/${encodeURIComponent(String(lotteryId))}/draws/${encodeURIComponent(String(date))}`,
      ),
    );
  }
  const { publicKey } = await service.json<{ publicKey: string }>('fairness/key');
  const proof = await service.json<Proof>(`ballots/${ballotId}/proof`);
  const verification = verifyBallotInclusion(
    ballotId,
    receipt,
    signature,
    publicKey,
    proof,
    record,
  );

  if (options.json === true) {
    write(
      JSON.stringify(
        {
          ok: verification.ok,
          ballotId,
          lotteryId: record.lotteryId,
          date: record.date,
          index: proof.index,
          count: record.count,
          root: record.root,
          checks: verification.checks,
        },
        null,
        2,
      ),
    );
    return verification.ok;
  }
  write(
    `Ballot ${ballotId} in the draw of lottery ${String(record.lotteryId)} on ${String(record.date)}: ${String(record.count)} sealed ballots, root ${short(record.root)}`,
  );
  for (const line of checkLines(verification.checks)) write(line);
  write(
    verdict(
      verification,
      `ballot ${ballotId} was accepted (signed receipt) and sealed into the draw, as leaf ${proof.index}`,
    ),
  );
  return verification.ok;
};

/** Runs `lottery verify`; true iff every check passed. */
export const verify = (options: VerifyOptions): Promise<boolean> =>
  options.ballot !== undefined || options.receipt !== undefined
    ? verifyOneBallot(options)
    : verifyWholeDraw(options);

export const registerVerify = (
  program: Command,
  onUsageError: (message: string) => Error,
): void => {
  program
    .command('verify')
    .description(
      'Check a draw yourself: fetch its record and every sealed ballot, rebuild the Merkle root and redo the pick (docs/fairness.md). Exit 0 if every check passes, 1 if one fails. Needs no database or settings.',
    )
    .option('--server <url>', 'the lottery service, e.g. https://lottery.example')
    .option('--lottery <id>', 'the lottery’s id')
    .option('--date <date>', 'the draw’s date, YYYY-MM-DD')
    .option(
      '--save <dir>',
      'also save what was fetched there: record.json, ballots.ndjson and previous.json',
    )
    .option('--record <file>', 'verify a saved draw record offline (with --ballots)')
    .option('--ballots <file>', 'the saved sealed ballot list (NDJSON) for --record')
    .option(
      '--previous <file>',
      'with --record: the saved opening record of the day before, to check the chain (previous.json)',
    )
    .option('--ballot <id>', 'check one ballot instead: that it was sealed into its draw')
    .option(
      '--receipt <file>',
      'the ballot’s receipt: {"receipt", "signature"} as the submission returned it',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  lottery verify --server https://lottery.example --lottery 3 --date 2026-03-10
  lottery verify --server https://lottery.example --lottery 3 --date 2026-03-10 --save ./draw
  lottery verify --record ./draw/record.json --ballots ./draw/ballots.ndjson --previous ./draw/previous.json
  lottery verify --server https://lottery.example --ballot 1234 --receipt receipt.json`,
    )
    .action(async (options: VerifyOptions) => {
      try {
        if (!(await verify(options))) process.exitCode = 1;
      } catch (error) {
        if (error instanceof VerifyUsageError) throw onUsageError(error.message);
        throw error;
      }
    });
};
