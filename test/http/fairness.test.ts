import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ballotIntake } from '../../src/app/ballot-intake.js';
import { closeDueDraws } from '../../src/app/draws.js';
import { signingKey } from '../../src/app/receipts.js';
import { SEAL_PAGE } from '../../src/app/sealing.js';
import {
  ballotLeafHash,
  FixtureBeaconSource,
  inclusionProof,
  merkleRoot,
  verifyBallotInclusion,
  verifyDraw,
  verifyInclusion,
  verifyReceipt,
  type DrawRecord,
  type PublishedBallot,
  type Receipt,
  type ReceiptSignature,
} from '../../src/fairness/index.js';
import { isPostgres } from '../../src/db/migrations/helpers.js';
import { dialects, openSiblingContext } from '../support/databases.js';
import { admin, Browser, createLottery, participant, startApi, type TestApi } from './support.js';

/** A ballot with the signed receipt of the submission it came in. */
interface SignedBallot {
  id: number;
  receipt: Receipt;
  signature: ReceiptSignature;
}

interface Proof {
  ballotId: number;
  lotteryId: number;
  drawDate: string;
  index: number;
  count: number;
  root: string;
  leafHash: string;
  path: string[];
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe.each(dialects)('fairness data on %s', (dialect) => {
  let api: TestApi;
  let boss: Browser;
  let alice: Browser;
  let bob: Browser;
  let visitor: Browser;
  let daily: number;
  beforeEach(async () => {
    api = await startApi(dialect);
    boss = await admin(api);
    alice = await participant(api.app, 'alice');
    bob = await participant(api.app, 'bob');
    visitor = new Browser(api.app);
    daily = await createLottery(boss, { name: 'Daily' });
  });
  afterEach(() => api.close());

  const submit = async (who: Browser, lotteryId: number, quantity: number) => {
    const response = await who.post(`/api/v1/lotteries/${lotteryId}/ballots`, { quantity });
    expect(response.statusCode, response.body).toBe(201);
    const { ballotIds, receipt, signature } = response.json<{
      ballotIds: number[];
      receipt: Receipt;
      signature: ReceiptSignature;
    }>();
    return ballotIds.map((id): SignedBallot => ({ id, receipt, signature }));
  };

  /** Puts `n` ballots straight into the day's draw (too many to submit one by one). */
  const seedBallots = async (n: number) => {
    const draw = await api.ctx.db
      .selectFrom('draws')
      .select(['id', 'opens_at'])
      .where('lottery_id', '=', daily)
      .where('draw_date', '=', '2026-03-10')
      .executeTakeFirstOrThrow();
    const [person] = await api.ctx.db.selectFrom('participants').select('id').execute();
    // As intake stores them (ADR 0016): on SQLite one run of n after the last; on PostgreSQL n
    // runs of one, numbered by the table's identity.
    await (
      isPostgres(api.ctx.db)
        ? sql`insert into ballots (draw_id, lottery_id, participant_id, submitted_at)
          select ${draw.id}, ${daily}, ${person!.id}, ${draw.opens_at}::bigint
          from generate_series(1, ${n})`
        : sql`insert into ballots (id, draw_id, lottery_id, participant_id, submitted_at, quantity)
          values ((select coalesce(max(id + quantity), 1) from ballots),
            ${draw.id}, ${daily}, ${person!.id}, ${draw.opens_at}, ${n})`
    ).execute(api.ctx.db);
    return draw;
  };

  const drawTheDay = async () => {
    api.ctx.clock.set('2026-03-11T00:00:01Z');
    await closeDueDraws(api.ctx);
  };

  const publicKey = async () => {
    const response = await visitor.get('/api/v1/fairness/key');
    expect(response.statusCode).toBe(200);
    return response.json().publicKey as string;
  };

  /** The published draw record, as docs/fairness.md section 9 defines it. */
  const record = async (lotteryId: number, date = '2026-03-10'): Promise<DrawRecord> => {
    const draw = (await visitor.get(`/api/v1/lotteries/${lotteryId}/draws/${date}`)).json();
    const f = draw.fairness;
    return {
      version: f.version,
      lotteryId: draw.lotteryId,
      date: draw.date,
      commitment: f.commitment,
      beaconRound: f.beaconRound,
      prevRecordHash: f.prevRecordHash,
      count: f.count,
      root: f.merkleRoot,
      beacon: f.beacon,
      seed: f.seed,
      winningIndex: f.winningIndex,
      winningBallotId: f.winningBallotId,
    };
  };

  /** Every page of the sealed list, `limit` ballots at a time. */
  const listAll = async (lotteryId: number, limit: number) => {
    const ballots: PublishedBallot[] = [];
    let after: number | null = null;
    let pages = 0;
    do {
      const query: string = `limit=${limit}${after === null ? '' : `&after=${after}`}`;
      const response = await visitor.get(
        `/api/v1/lotteries/${lotteryId}/draws/2026-03-10/ballots?${query}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json();
      ballots.push(...page.ballots);
      after = page.next;
      pages += 1;
    } while (after !== null);
    return { ballots, pages };
  };

  const stream = async (lotteryId: number) => {
    const response = await visitor.get(
      `/api/v1/lotteries/${lotteryId}/draws/2026-03-10/ballots.ndjson`,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-ndjson');
    expect(response.body === '' || response.body.endsWith('\n')).toBe(true);
    const lines = response.body.split('\n').filter((line) => line !== '');
    return lines.map((line) => JSON.parse(line) as PublishedBallot);
  };

  const proofOf = async (ballotId: number): Promise<Proof> => {
    const response = await visitor.get(`/api/v1/ballots/${ballotId}/proof`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  describe('receipts', () => {
    it('list every ballot of the submission and verify with the published key', async () => {
      const ballots = [...(await submit(alice, daily, 3)), ...(await submit(bob, daily, 1))];
      const key = await publicKey();
      for (const ballot of ballots) {
        expect(ballot.receipt.ballotIds).toContain(ballot.id);
        expect(verifyReceipt(key, ballot.receipt, ballot.signature)).toBe(true);
      }
      const [first, , , last] = ballots;
      expect(first!.receipt.ballotIds).toEqual(ballots.slice(0, 3).map((b) => b.id));
      expect(last!.receipt.ballotIds).toEqual([last!.id]);
      const forged = { ...first!.receipt, ballotIds: [...first!.receipt.ballotIds, last!.id] };
      expect(verifyReceipt(key, forged, first!.signature)).toBe(false);
    });

    it('of submissions committed together share one signature, each with its own proof', async () => {
      const people = [alice, bob];
      const send = () =>
        Promise.all(
          Array.from({ length: 6 }, (_, i) => submit(people[i % 2]!, daily, 1 + (i % 3))),
        );
      let answers: SignedBallot[][];
      if (dialect === 'sqlite') {
        // Every step before the intake is synchronous: the six arrive in one turn, one commit.
        answers = await send();
      } else {
        // Each request looks its caller up over the network first, so they reach the intake one
        // by one. Another connection holds today's draw until all six are in: at most four
        // groups can wait on it, so some requests share one.
        const other = openSiblingContext(api.ctx);
        try {
          let release = () => {};
          let locked = () => {};
          const isLocked = new Promise<void>((resolve) => (locked = resolve));
          const holding = other.db.transaction().execute(async (tx) => {
            await tx
              .selectFrom('draws')
              .select('id')
              .where('lottery_id', '=', daily)
              .forUpdate()
              .execute();
            locked();
            await new Promise<void>((resolve) => (release = resolve));
          });
          await isLocked;
          const sent = send();
          const intake = ballotIntake(api.ctx);
          for (let i = 0; i < 1000 && intake.waiting < 6; i++) {
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          expect(intake.waiting).toBe(6);
          release();
          await holding;
          answers = await sent;
        } finally {
          await other.close();
        }
      }
      const key = await publicKey();
      const signatures = answers.map((ballots) => ballots[0]!.signature);
      expect(new Set(signatures.map((s) => s.ed25519)).size).toBeLessThan(signatures.length);
      for (const [ballot] of answers) {
        expect(verifyReceipt(key, ballot!.receipt, ballot!.signature)).toBe(true);
      }
      const [one, two] = answers.map((ballots) => ballots[0]!);
      expect(verifyReceipt(key, one!.receipt, two!.signature)).toBe(false);
    });

    it('are signed with the one stored key, which the key route publishes', async () => {
      const response = await visitor.get('/api/v1/fairness/key');
      expect(response.json()).toEqual({
        algorithm: 'Ed25519',
        publicKey: expect.stringMatching(
          /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/,
        ),
      });
      expect(response.json().publicKey).toBe((await signingKey(api.ctx)).publicKeyPem);
      expect((await visitor.get('/api/v1/fairness/key')).body).toBe(response.body);
    });
  });

  describe('the sealed ballot list', () => {
    it('pages through the sealed set in canonical order, with leaf hashes and nothing personal', async () => {
      const submitted = [
        ...(await submit(alice, daily, 3)),
        ...(await submit(bob, daily, 2)),
        ...(await submit(alice, daily, 2)),
      ];
      await drawTheDay();
      const ids = submitted.map((b) => b.id).sort((a, b) => a - b);

      const { ballots, pages } = await listAll(daily, 3);
      expect(pages).toBe(3);
      expect(ballots).toEqual(
        ids.map((id) => ({ ballotId: id, leafHash: hex(ballotLeafHash(daily, '2026-03-10', id)) })),
      );
      for (const ballot of ballots)
        expect(Object.keys(ballot).sort()).toEqual(['ballotId', 'leafHash']);

      const published = await record(daily);
      expect(published.count).toBe(7);
      expect(hex(merkleRoot(ballots.map((b) => Buffer.from(b.leafHash, 'hex'))))).toBe(
        published.root,
      );
      const firstPage = await visitor.get(`/api/v1/lotteries/${daily}/draws/2026-03-10/ballots`);
      expect(firstPage.json()).toEqual({ ballots, next: null }); // 1,000 by default
      expect(firstPage.body).not.toMatch(/alice|bob|participant/);
    });

    it('streams the whole list as NDJSON, the same as the pages, and it verifies', async () => {
      for (let i = 0; i < 4; i++) await submit(i % 2 === 0 ? alice : bob, daily, 5);
      await drawTheDay();
      const streamed = await stream(daily);
      expect(streamed).toEqual((await listAll(daily, 7)).ballots);
      const verification = await verifyDraw(await record(daily), streamed);
      expect(verification.checks.filter((c) => !c.ok)).toEqual([]);
      expect(verification.ok).toBe(true);
    });

    it('streams and proves across database pages (more than 10,000 ballots)', async () => {
      const n = 10_003;
      await seedBallots(n);
      await drawTheDay();

      const streamed = await stream(daily);
      expect(streamed).toHaveLength(n);
      const published = await record(daily);
      expect((await verifyDraw(published, streamed)).ok).toBe(true);
      const leaves = streamed.map((b) => Buffer.from(b.leafHash, 'hex'));
      for (const index of [0, 9_999, 10_000, n - 1]) {
        const proof = await proofOf(streamed[index]!.ballotId);
        expect(proof).toMatchObject({ index, count: n, root: published.root });
        expect(proof.path).toEqual(inclusionProof(index, leaves).map(hex));
      }
    });

    it('proves ballots of a draw of several sealing pages from the kept pages alone, as from the whole draw', async () => {
      const n = 2 * SEAL_PAGE + 1_234;
      const draw = await seedBallots(n);
      await drawTheDay();
      const errors: unknown[] = [];
      api.ctx.log = { ...api.ctx.log, error: (...args: unknown[]) => errors.push(args) };

      const kept = await api.ctx.db
        .selectFrom('draws')
        .select('sealed_pages')
        .where('id', '=', draw.id)
        .executeTakeFirstOrThrow();
      expect(kept.sealed_pages?.split(',')).toHaveLength(3);
      const streamed = await stream(daily);
      const published = await record(daily);
      const leaves = streamed.map((b) => Buffer.from(b.leafHash, 'hex'));
      const indices = [0, 1, SEAL_PAGE - 1, SEAL_PAGE, 2 * SEAL_PAGE - 1, 2 * SEAL_PAGE, n - 1];
      for (const index of indices) {
        const proof = await proofOf(streamed[index]!.ballotId);
        expect(proof).toMatchObject({ index, count: n, root: published.root });
        expect(proof.path).toEqual(inclusionProof(index, leaves).map(hex));
      }
      expect(errors).toEqual([]);

      // Pages that do not add up to the sealed root are not trusted: the whole draw proves it.
      await api.ctx.db
        .updateTable('draws')
        .set({
          // The last page's root, which every proof of the first two pages uses.
          sealed_pages: kept.sealed_pages!.replace(/:(.)(?=[0-9a-f]{63}$)/, (_, c: string) =>
            c === '0' ? ':1' : ':0',
          ),
        })
        .where('id', '=', draw.id)
        .execute();
      const checked = await proofOf(streamed[5]!.ballotId);
      expect(checked.path).toEqual(inclusionProof(5, leaves).map(hex));
      expect(errors).toHaveLength(1);

      // A draw sealed before pages were kept is proved from the whole draw, as it always was.
      await api.ctx.db
        .updateTable('draws')
        .set({ sealed_pages: null })
        .where('id', '=', draw.id)
        .execute();
      const legacy = await proofOf(streamed[n - 1]!.ballotId);
      expect(legacy.path).toEqual(inclusionProof(n - 1, leaves).map(hex));
    }, 120_000);

    it('is empty for a draw without ballots', async () => {
      await drawTheDay();
      expect(await stream(daily)).toEqual([]);
      expect((await listAll(daily, 10)).ballots).toEqual([]);
      expect((await verifyDraw(await record(daily), [])).ok).toBe(true);
    });

    it('refuses a page size out of range and a cursor that is not an id', async () => {
      await drawTheDay();
      for (const query of ['limit=0', 'limit=10001', 'after=0', 'after=x', 'other=1']) {
        const response = await visitor.get(
          `/api/v1/lotteries/${daily}/draws/2026-03-10/ballots?${query}`,
        );
        expect(response.statusCode, query).toBe(400);
      }
    });
  });

  describe('inclusion proofs', () => {
    it('prove the first, a middle and the last ballot of draws of 1, 2, 7 and 100 ballots', async () => {
      const sizes = [1, 2, 7, 100];
      const lotteries = new Map<number, number>();
      for (const size of sizes) {
        lotteries.set(size, await createLottery(boss, { name: `Lottery of ${size}` }));
      }
      // Interleave the submissions so that no draw's ballot ids are contiguous.
      const receipts = new Map<number, SignedBallot[]>(sizes.map((size) => [size, []]));
      for (let round = 0; receipts.get(100)!.length < 100; round++) {
        for (const size of sizes) {
          const mine = receipts.get(size)!;
          const quantity = Math.min(size - mine.length, round % 2 === 0 ? 3 : 11);
          if (quantity > 0)
            mine.push(...(await submit(round % 2 ? bob : alice, lotteries.get(size)!, quantity)));
        }
      }
      await drawTheDay();
      const key = await publicKey();

      for (const size of sizes) {
        const lotteryId = lotteries.get(size)!;
        const published = await record(lotteryId);
        expect(published.count).toBe(size);
        const sorted = [...receipts.get(size)!].sort((a, b) => a.id - b.id);
        const leaves = sorted.map((b) => ballotLeafHash(lotteryId, '2026-03-10', b.id));
        for (const index of new Set([0, Math.floor(size / 2), size - 1])) {
          const ballot = sorted[index]!;
          const proof = await proofOf(ballot.id);
          expect(proof).toEqual({
            ballotId: ballot.id,
            lotteryId,
            drawDate: '2026-03-10',
            index,
            count: size,
            root: published.root,
            leafHash: hex(leaves[index]!),
            path: inclusionProof(index, leaves).map(hex),
          });
          const leaf = Buffer.from(proof.leafHash, 'hex');
          const path = proof.path.map((h) => Buffer.from(h, 'hex'));
          expect(verifyInclusion(leaf, index, size, path, Buffer.from(published.root, 'hex'))).toBe(
            true,
          );
          const checked = verifyBallotInclusion(
            ballot.id,
            ballot.receipt,
            ballot.signature,
            key,
            proof,
            published,
          );
          expect(
            checked.checks.filter((c) => !c.ok),
            `${size}: ${index}`,
          ).toEqual([]);
        }
      }
    });

    it('are available from the seal on, before the beacon and the seed', async () => {
      // A beacon that never comes: the draw stays sealed, waiting, with its seed secret.
      api.ctx.beacon = new FixtureBeaconSource({ beacons: [] });
      api.ctx.beaconMarginMs = 0;
      const waiting = await createLottery(boss, { name: 'Waiting', startsOn: '2026-03-11' });
      api.ctx.clock.set('2026-03-11T12:00:00Z');
      const [ballot] = await submit(alice, waiting, 2);
      api.ctx.clock.set('2026-03-12T00:00:01Z');
      expect(await closeDueDraws(api.ctx)).toMatchObject({ awaitingBeacon: 1 });

      const response = await visitor.get(`/api/v1/lotteries/${waiting}/draws/2026-03-11`);
      const draw = response.json();
      expect(draw).toMatchObject({ status: 'closed', fairness: { count: 2 } });
      expect(draw.fairness.merkleRoot).toMatch(/^[0-9a-f]{64}$/);
      for (const hidden of ['seed', 'winningIndex', 'winningBallotId', 'beacon']) {
        expect(draw.fairness).not.toHaveProperty(hidden);
      }
      const { seed } = await api.ctx.db
        .selectFrom('draws')
        .select('seed')
        .where('lottery_id', '=', waiting)
        .executeTakeFirstOrThrow();
      expect(response.body).not.toContain(seed);

      const proof = await proofOf(ballot!.id);
      expect(proof).toMatchObject({ index: 0, count: 2, root: draw.fairness.merkleRoot });
      const listed = await visitor.get(`/api/v1/lotteries/${waiting}/draws/2026-03-11/ballots`);
      expect(listed.json().ballots).toHaveLength(2);
      expect(listed.body + JSON.stringify(proof)).not.toContain(seed);
    });
  });

  describe('before the seal, and for what does not exist', () => {
    const addresses = (lotteryId: number | string, date = '2026-03-10') => [
      `/api/v1/lotteries/${lotteryId}/draws/${date}/ballots`,
      `/api/v1/lotteries/${lotteryId}/draws/${date}/ballots.ndjson`,
    ];

    it('is 409 while the draw is open, without revealing anything', async () => {
      const [ballot] = await submit(alice, daily, 1);
      for (const url of [...addresses(daily), `/api/v1/ballots/${ballot!.id}/proof`]) {
        const response = await visitor.get(url);
        expect(response.statusCode, url).toBe(409);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.json()).toMatchObject({
          code: 'draw-not-sealed',
          detail: expect.stringContaining('2026-03-11T00:00:00.000Z'),
        });
        expect(response.headers['retry-after']).toBeUndefined();
      }
    });

    it('is 409 with Retry-After between midnight and the seal', async () => {
      const [ballot] = await submit(alice, daily, 1);
      api.ctx.clock.set('2026-03-11T00:00:01Z'); // midnight has passed, nobody has sealed yet
      for (const url of [...addresses(daily), `/api/v1/ballots/${ballot!.id}/proof`]) {
        const response = await visitor.get(url);
        expect(response.statusCode, url).toBe(409);
        expect(response.headers['retry-after']).toBe('5');
      }
    });

    it('is 404 for an unknown lottery, draw or ballot', async () => {
      await drawTheDay();
      for (const url of addresses(999)) {
        expect((await visitor.get(url)).json(), url).toMatchObject({ code: 'lottery-not-found' });
      }
      for (const url of addresses(daily, '2026-03-01')) {
        const response = await visitor.get(url);
        expect(response.statusCode, url).toBe(404);
        expect(response.json().code).toBe('draw-not-found');
      }
      const missing = await visitor.get('/api/v1/ballots/999999/proof');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().code).toBe('ballot-not-found');
    });

    it('is 400 for a date or an id that is not one', async () => {
      for (const url of [...addresses(daily, '2026-02-30'), '/api/v1/ballots/abc/proof']) {
        expect((await visitor.get(url)).statusCode, url).toBe(400);
      }
    });
  });

  describe('the reads that hash a whole draw', () => {
    const list = () => `/api/v1/lotteries/${daily}/draws/2026-03-10/ballots.ndjson`;

    it('run at most two at once per client: a third is 429 with Retry-After, and nothing is held after', async () => {
      const [ballot] = await submit(alice, daily, 3);
      await drawTheDay();
      const slots = api.app.heavyReads;
      const first = slots.take('127.0.0.1');
      const second = slots.take('127.0.0.1');
      for (const url of [list(), `/api/v1/ballots/${ballot!.id}/proof`]) {
        const refused = await visitor.get(url);
        expect(refused.statusCode, url).toBe(429);
        expect(refused.headers['retry-after']).toBe('1');
        expect(refused.json()).toMatchObject({
          code: 'rate-limited',
          detail:
            'You already have 2 ballot list or proof requests running; wait for them to finish.',
        });
      }
      // Another client is not held back by this one.
      expect((await visitor.get(list(), { remoteAddress: '198.51.100.7' })).statusCode).toBe(200);
      first();
      second();
      expect(slots.inUse).toBe(0);
      expect((await visitor.get(list())).statusCode).toBe(200);
      expect((await visitor.get(`/api/v1/ballots/${ballot!.id}/proof`)).statusCode).toBe(200);
      // Refused or answered, every request gave its slot back.
      expect((await visitor.get('/api/v1/ballots/999999/proof')).statusCode).toBe(404);
      expect(
        (await visitor.get(`/api/v1/lotteries/${daily}/draws/2026-03-01/ballots.ndjson`))
          .statusCode,
      ).toBe(404);
      expect(slots.inUse).toBe(0);
    });

    it('run at most four at once in the instance: a fifth is 503 with Retry-After', async () => {
      const [ballot] = await submit(alice, daily, 1);
      await drawTheDay();
      const held = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4'].map((client) =>
        api.app.heavyReads.take(client),
      );
      const refused = await visitor.get(`/api/v1/ballots/${ballot!.id}/proof`);
      expect(refused.statusCode).toBe(503);
      expect(refused.headers['retry-after']).toBe('2');
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ code: 'unavailable', retryAfter: 2 });
      for (const release of held) release();
      expect((await visitor.get(`/api/v1/ballots/${ballot!.id}/proof`)).statusCode).toBe(200);
    });
  });
});
