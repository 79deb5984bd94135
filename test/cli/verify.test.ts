import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDueDraws } from '../../src/app/draws.js';
import { createLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import { createToken } from '../../src/app/tokens.js';
import {
  FixtureBeaconSource,
  type Receipt,
  type ReceiptSignature,
} from '../../src/fairness/index.js';
import { dialects } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/http-server.js';
import { runCli } from '../support/processes.js';

// The recorded quicknet beacon is round 657413, published at 2023-09-15T11:00:03Z: midnight in
// Tonga (UTC+13) is 11:00:00Z, so a Tongan draw of 2023-09-15 commits to exactly that round.
const fixture = new URL('../fixtures/drand-quicknet.json', import.meta.url);

// `verify` needs no database and no settings: wrong ones must not matter (reading them is exit 3).
const env = { DATABASE_URL: 'mysql://not-a-database', PORT: 'not-a-port' };

/** A submission's answer: its ballots' numbers and their signed receipt. */
interface Submission {
  ballotIds: number[];
  receipt: Receipt;
  signature: ReceiptSignature;
}

describe('lottery verify, anywhere', () => {
  it('exits 2 for an incomplete or contradictory command line', async () => {
    const results = await Promise.all(
      [
        ['verify'],
        ['verify', '--server', 'http://127.0.0.1:9', '--lottery', '1', '--date', '2026-02-30'],
        ['verify', '--ballot', '5'],
        ['verify', '--record', 'record.json'],
      ].map((args) => runCli(args, env)),
    );
    expect(results.map((r) => r.code)).toEqual([2, 2, 2, 2]);
    expect(results[0]!.stderr).toContain('--server URL --lottery ID --date YYYY-MM-DD');
    expect(results[1]!.stderr).toContain('--date must be a date');
    expect(results[2]!.stderr).toContain('--ballot N and --receipt FILE go together');
    expect(results[3]!.stderr).toContain('--record needs --ballots FILE');
  }, 60_000);
});

describe.each(dialects)('lottery verify against a real server on %s', (dialect) => {
  let server: TestServer;
  let dir: string;
  let plain: number;
  let tonga: number;
  let waiting: number;
  let receipts: Submission;
  let later: Submission;
  let waitingReceipts: Submission;

  const submit = async (lotteryId: number, quantity: number, token: string) => {
    const response = await fetch(`${server.url}/api/v1/lotteries/${lotteryId}/ballots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ quantity }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as Submission;
  };

  const verify = (...args: string[]) => runCli(['verify', ...args], env);

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the service's JSON, as served
  const drawView = async (lotteryId: number): Promise<any> =>
    (await fetch(`${server.url}/api/v1/lotteries/${lotteryId}/draws/2023-09-15`)).json();

  const online = (lotteryId: number, date = '2023-09-15') => [
    '--server',
    server.url,
    '--lottery',
    String(lotteryId),
    '--date',
    date,
  ];

  beforeAll(async () => {
    server = await startTestServer({ dialect, web: false, at: '2023-09-15T01:00:00Z' });
    dir = mkdtempSync(join(tmpdir(), 'lottery-verify-'));
    const { ctx } = server;
    const player = await registerParticipant(ctx, {
      username: 'player',
      password: 'correct horse battery',
    });
    const { token } = await createToken(ctx, player, 'verify test');

    plain = (await createLottery(ctx, { name: 'Plain', startsOn: '2023-09-15' })).id;
    ctx.beacon = await FixtureBeaconSource.fromFile(fixture);
    ctx.beaconMarginMs = 0;
    tonga = (
      await createLottery(ctx, {
        name: 'Tonga',
        startsOn: '2023-09-15',
        timeZone: 'Pacific/Tongatapu',
      })
    ).id;

    // Committed to a round after UTC midnight that the recording does not hold: it stays sealed.
    waiting = (await createLottery(ctx, { name: 'Waiting', startsOn: '2023-09-15' })).id;

    receipts = await submit(plain, 4, token);
    waitingReceipts = await submit(waiting, 2, token);
    await submit(tonga, 5, token);
    later = await submit(plain, 3, token);
    await submit(tonga, 4, token);

    ctx.clock.set('2023-09-15T11:00:05Z'); // after Tonga's midnight and the beacon round
    expect(await closeDueDraws(ctx)).toMatchObject({ drawn: 1 });
    ctx.clock.set('2023-09-16T00:00:01Z'); // after UTC midnight
    expect(await closeDueDraws(ctx)).toMatchObject({ drawn: 1, awaitingBeacon: 1 });
  });

  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes for a drawn draw without a beacon, saves what it fetched, and passes offline on it', async () => {
    const saved = join(dir, 'plain');
    const fetched = await verify(...online(plain), '--save', saved);
    expect(fetched.stderr).toBe('');
    expect(fetched.code).toBe(0);
    expect(fetched.stdout).toContain(`Draw of lottery ${plain} on 2023-09-15`);
    expect(fetched.stdout).toContain('7 ballots');
    expect(fetched.stdout).toContain('no beacon');
    expect(fetched.stdout).toMatch(/^PASS {2}all 9 checks passed: ballot \d+ \(index \d\) won/m);
    expect(fetched.stdout).not.toContain('FAIL');
    for (const name of ['version', 'commitment', 'beacon', 'leaves', 'root', 'count', 'pick']) {
      expect(fetched.stdout).toMatch(new RegExp(`^ {2}ok {4}${name} `, 'm'));
    }
    expect(fetched.stdout).toMatch(
      /^ {2}ok {4}chain +the lottery’s first draw: it follows no earlier one$/m,
    );

    const record = JSON.parse(readFileSync(join(saved, 'record.json'), 'utf8'));
    const draw = await drawView(plain);
    expect(record).toEqual({
      version: 1,
      lotteryId: plain,
      date: '2023-09-15',
      commitment: draw.fairness.commitment,
      beaconRound: null,
      prevRecordHash: null,
      count: 7,
      root: draw.fairness.merkleRoot,
      beacon: null,
      seed: draw.fairness.seed,
      winningIndex: draw.fairness.winningIndex,
      winningBallotId: draw.winningBallot.id,
    });
    expect(readFileSync(join(saved, 'ballots.ndjson'), 'utf8').trim().split('\n')).toHaveLength(7);

    const offline = await verify(
      '--record',
      join(saved, 'record.json'),
      '--ballots',
      join(saved, 'ballots.ndjson'),
      '--json',
    );
    expect(offline.code).toBe(0);
    expect(JSON.parse(offline.stdout)).toMatchObject({ ok: true, count: 7, lotteryId: plain });
  }, 120_000);

  it('passes for a draw with a quicknet beacon, and prints the structured result with --json', async () => {
    const result = await verify(...online(tonga), '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      ok: true,
      lotteryId: tonga,
      date: '2023-09-15',
      count: 9,
      beaconRound: 657413,
      winningBallotId: expect.any(Number),
      openingRecordHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(report.checks.map((c: { name: string }) => c.name)).toEqual([
      'version',
      'commitment',
      'beacon',
      'leaves',
      'root',
      'count',
      'pick',
      'winner',
      'chain',
    ]);
    expect(report.checks[2]).toEqual({
      name: 'beacon',
      ok: true,
      detail: 'genuine quicknet round 657413, published at 2023-09-15T11:00:03.000Z',
    });
  }, 60_000);

  it('fails naming the check when a saved record or ballot list is tampered with', async () => {
    const draw = await drawView(plain);
    const list = await fetch(
      `${server.url}/api/v1/lotteries/${plain}/draws/2023-09-15/ballots.ndjson`,
    );
    const lines = (await list.text()).trim().split('\n');
    expect(lines).toHaveLength(7);
    // The service's draw view, saved as it came, is a record the verifier reads too.
    const save = (name: string, record: unknown, ballots = lines) => {
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(record));
      writeFileSync(join(dir, `${name}.ndjson`), `${ballots.join('\n')}\n`);
      return ['--record', join(dir, `${name}.json`), '--ballots', join(dir, `${name}.ndjson`)];
    };
    const f = draw.fairness;
    const winner = lines.findIndex((line) => JSON.parse(line).ballotId === f.winningBallotId);
    const other = JSON.parse(lines[(winner + 1) % lines.length]!).ballotId;
    const flipped = (f.seed[0] === '0' ? '1' : '0') + f.seed.slice(1);

    const [seed, dropped, wrongWinner] = await Promise.all([
      verify(...save('seed', { ...draw, fairness: { ...f, seed: flipped } })),
      verify(
        ...save(
          'dropped',
          draw,
          lines.filter((_, i) => i !== (winner + 3) % lines.length),
        ),
      ),
      verify(...save('winner', { ...draw, fairness: { ...f, winningBallotId: other } })),
    ]);

    const failed = (output: string) =>
      [...output.matchAll(/^ {2}FAIL {2}(\w+)/gm)].map((m) => m[1]);
    expect(seed.code).toBe(1);
    expect(failed(seed.stdout)).toContain('commitment');
    expect(seed.stdout).toMatch(
      /^ {2}FAIL {2}commitment +the revealed seed commits to [0-9a-f]{64}, not/m,
    );
    expect(seed.stdout).toMatch(/^FAIL {2}\d of 8 checks failed: commitment/m);

    expect(dropped.code).toBe(1);
    expect(failed(dropped.stdout)).toEqual(expect.arrayContaining(['root', 'count']));
    expect(dropped.stdout).toMatch(/^ {2}FAIL {2}count +6 ballots are listed, the record says 7$/m);

    expect(wrongWinner.code).toBe(1);
    expect(failed(wrongWinner.stdout)).toEqual(['winner']);
    expect(wrongWinner.stdout).toContain(
      `ballot ${f.winningBallotId} is at index ${f.winningIndex}, not ${other}`,
    );
    expect(wrongWinner.stdout).toMatch(/^FAIL {2}1 of 8 checks failed: winner$/m);
  }, 120_000);

  it('checks one ballot with its receipt: passes for a real receipt, fails for a forged one', async () => {
    const [first, second] = receipts.ballotIds;
    const whole = join(dir, 'submission.json');
    writeFileSync(whole, JSON.stringify(receipts));
    const one = join(dir, 'receipt.json');
    writeFileSync(
      one,
      JSON.stringify({ receipt: receipts.receipt, signature: receipts.signature }),
    );
    // A receipt rewritten to list a later ballot too, under the first signature: all but the
    // signature hold.
    const forgedFile = join(dir, 'forged.json');
    const stolen = later.ballotIds[0]!;
    const forged = { ...receipts.receipt, ballotIds: [...receipts.receipt.ballotIds, stolen] };
    writeFileSync(forgedFile, JSON.stringify({ receipt: forged, signature: receipts.signature }));

    const ballot = (id: number, file: string, ...more: string[]) =>
      verify('--server', server.url, '--ballot', String(id), '--receipt', file, ...more);
    // A draw sealed but not drawn: its view, saved at the close, holds the count and root.
    const sealedView = join(dir, 'sealed-view.json');
    const view = await fetch(`${server.url}/api/v1/lotteries/${waiting}/draws/2023-09-15`);
    writeFileSync(sealedView, await view.text());
    const sealedReceipt = join(dir, 'sealed-receipt.json');
    writeFileSync(sealedReceipt, JSON.stringify(waitingReceipts));
    const [sealedBallot] = waitingReceipts.ballotIds;

    const [real, fromSubmission, fake, beforeTheDraw] = await Promise.all([
      ballot(second!, one),
      ballot(first!, whole, '--json'),
      ballot(stolen, forgedFile),
      ballot(sealedBallot!, sealedReceipt, '--record', sealedView),
    ]);

    expect(real.stderr).toBe('');
    expect(real.code).toBe(0);
    for (const name of ['signature', 'draw', 'ballot', 'inclusion']) {
      expect(real.stdout).toMatch(new RegExp(`^ {2}ok {4}${name} `, 'm'));
    }
    expect(real.stdout).toMatch(
      new RegExp(`^PASS {2}ballot ${second!} was accepted \\(signed receipt\\) and sealed`, 'm'),
    );

    expect(fromSubmission.code).toBe(0);
    expect(JSON.parse(fromSubmission.stdout)).toMatchObject({
      ok: true,
      ballotId: first!,
      count: 7,
    });

    expect(fake.code).toBe(1);
    expect(fake.stdout).toMatch(/^ {2}FAIL {2}signature +the receipt signature does not verify$/m);
    expect(fake.stdout).toMatch(/^FAIL {2}1 of 4 checks failed: signature$/m);

    expect(beforeTheDraw.stderr).toBe('');
    expect(beforeTheDraw.code).toBe(0);
    expect(beforeTheDraw.stdout).toContain('2 sealed ballots');
  }, 120_000);

  it('says why when the draw is not drawn yet or does not exist (exit 1)', async () => {
    const [open, sealed, missing] = await Promise.all([
      verify(...online(plain, '2023-09-16')),
      verify(...online(waiting)),
      verify(...online(plain, '2023-01-01')),
    ]);
    expect(open.code).toBe(1);
    expect(open.stderr).toContain(
      'the draw of 2023-09-16 is open: it can be verified once it is drawn',
    );
    expect(sealed.code).toBe(1);
    expect(sealed.stderr).toContain('the draw of 2023-09-15 is closed');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/answered 404: The lottery had no draw on 2023-01-01/);
  }, 60_000);

  // Last: it moves the clock on a day.
  it('checks the chain: a draw commits to the day before, saved as previous.json and checked offline', async () => {
    server.ctx.clock.set('2023-09-17T00:00:01Z');
    await closeDueDraws(server.ctx);
    const saved = join(dir, 'second-day');
    const fetched = await verify(...online(plain, '2023-09-16'), '--save', saved);
    expect(fetched.stderr).toBe('');
    expect(fetched.code).toBe(0);
    const before = (await drawView(plain)).fairness.recordHash as string;
    expect(fetched.stdout).toMatch(
      new RegExp(
        `^ {2}ok {4}chain +follows the draw of 2023-09-15 \\(opening record ${before}\\)$`,
        'm',
      ),
    );
    expect(fetched.stdout).toContain('Saved record.json, ballots.ndjson and previous.json');

    const files = (previous: string) => [
      '--record',
      join(saved, 'record.json'),
      '--ballots',
      join(saved, 'ballots.ndjson'),
      '--previous',
      previous,
    ];
    const offline = await verify(...files(join(saved, 'previous.json')));
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(/^ {2}ok {4}chain /m);

    // The operator rewrote the day before (another commitment): the link breaks.
    const previous = JSON.parse(readFileSync(join(saved, 'previous.json'), 'utf8'));
    const rewritten = join(saved, 'rewritten.json');
    writeFileSync(rewritten, JSON.stringify({ ...previous, commitment: '00'.repeat(32) }));
    const broken = await verify(...files(rewritten));
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(
      /^ {2}FAIL {2}chain +prevRecordHash is [0-9a-f]{64}, but the draw of 2023-09-15 opened with [0-9a-f]{64}$/m,
    );
    expect(broken.stdout).toMatch(/^FAIL {2}1 of \d+ checks failed: chain$/m);
  }, 120_000);
});
