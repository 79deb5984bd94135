import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDueDraws } from '../../src/app/draws.js';
import { requestHash } from '../../src/app/idempotency.js';
import { PENDING_STATUS } from '../../src/db/repositories/idempotency.js';
import { verifyReceipt } from '../../src/fairness/index.js';
import { submission } from '../../src/http/routes/ballots.js';
import { dialects } from '../support/databases.js';
import { admin, Browser, createLottery, participant, startApi, type TestApi } from './support.js';

describe.each(dialects)('ballots on %s', (dialect) => {
  let api: TestApi;
  let boss: Browser;
  let alice: Browser;
  let daily: number;
  beforeEach(async () => {
    api = await startApi(dialect);
    boss = await admin(api);
    alice = await participant(api.app, 'alice');
    daily = await createLottery(boss, { name: 'Daily' });
  });
  afterEach(() => api.close());

  const countBallots = async () =>
    Number(
      (
        await api.ctx.db
          .selectFrom('ballots')
          .select((eb) => eb.fn.coalesce(eb.fn.sum('quantity'), eb.lit(0)).as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  describe('submitting', () => {
    it('submits one ballot to today’s draw when the body is omitted, with its signed receipt', async () => {
      const response = await alice.post(`/api/v1/lotteries/${daily}/ballots`);
      expect(response.statusCode).toBe(201);
      const [ballotId] = response.json().ballotIds;
      expect(response.json()).toEqual({
        lotteryId: daily,
        drawId: expect.any(Number),
        drawDate: '2026-03-10',
        submittedAt: '2026-03-10T12:00:00.000Z',
        quantity: 1,
        ballotIds: [expect.any(Number)],
        receipt: {
          lotteryId: daily,
          drawDate: '2026-03-10',
          ballotIds: [ballotId],
          submittedAt: '2026-03-10T12:00:00.000Z',
        },
        signature: {
          batchSize: 1,
          index: 0,
          path: [],
          ed25519: expect.stringMatching(/^[A-Za-z0-9_-]{86}$/),
        },
      });
    });

    it('submits as many as asked, from 1 to 1000', async () => {
      const one = (await alice.post(`/api/v1/lotteries/${daily}/ballots`, {})).json();
      expect(one.quantity).toBe(1);
      expect(one.ballotIds).toHaveLength(1);
      const many = (
        await alice.post(`/api/v1/lotteries/${daily}/ballots`, { quantity: 1000 })
      ).json();
      expect(many.quantity).toBe(1000);
      expect(many.ballotIds).toHaveLength(1000);
      expect(new Set([...one.ballotIds, ...many.ballotIds]).size).toBe(1001);
      expect(await countBallots()).toBe(1001);
    });

    it('answers a submission of several ballots compactly: the draw once, then the numbers', async () => {
      const drawn = await alice.post(`/api/v1/lotteries/${daily}/ballots`, { quantity: 2 });
      api.ctx.clock.advance(1_000);
      const response = await alice.post(`/api/v1/lotteries/${daily}/ballots`, { quantity: 7 });
      expect(response.statusCode).toBe(201);
      const body = response.json();
      expect(Object.keys(body).sort()).toEqual(
        [
          'lotteryId',
          'drawId',
          'drawDate',
          'submittedAt',
          'quantity',
          'ballotIds',
          'receipt',
          'signature',
        ].sort(),
      );
      expect(body).not.toHaveProperty('ballots');
      expect(body).toMatchObject({
        lotteryId: daily,
        drawId: drawn.json().drawId,
        drawDate: '2026-03-10',
        submittedAt: '2026-03-10T12:00:01.000Z',
        quantity: 7,
      });
      const ids: unknown[] = body.ballotIds;
      expect(ids).toHaveLength(body.quantity);
      for (const id of ids) expect(Number.isSafeInteger(id) && (id as number) >= 1).toBe(true);
      expect(ids.every((id, i) => i === 0 || (id as number) > (ids[i - 1] as number))).toBe(true);
      expect(ids).toEqual(body.receipt.ballotIds);
      expect(body.receipt).toEqual({
        lotteryId: daily,
        drawDate: body.drawDate,
        ballotIds: ids,
        submittedAt: body.submittedAt,
      });
      // Numbers no earlier submission holds, and the ballots are stored as answered.
      expect(ids.filter((id) => drawn.json().ballotIds.includes(id))).toEqual([]);
      const mine = (await alice.get(`/api/v1/me/ballots?lotteryId=${daily}`)).json().ballots as {
        id: number;
        drawId: number;
        submittedAt: string;
      }[];
      expect(
        mine
          .filter((b) => b.submittedAt === body.submittedAt)
          .map((b) => [b.id, b.drawId])
          .sort(([a], [b]) => a! - b!),
      ).toEqual(ids.map((id) => [id, body.drawId]));
      const { publicKey } = (await alice.get('/api/v1/fairness/key')).json<{ publicKey: string }>();
      expect(verifyReceipt(publicKey, body.receipt, body.signature)).toBe(true);
    });

    it('refuses a quantity out of range or of the wrong type', async () => {
      for (const quantity of [0, 1001, 2.5, '5', null]) {
        const response = await alice.post(`/api/v1/lotteries/${daily}/ballots`, { quantity });
        expect(response.statusCode, String(quantity)).toBe(400);
        expect(response.json().errors[0].field).toBe('/quantity');
      }
      expect(await countBallots()).toBe(0);
    });

    it('never submits in someone else’s name: naming another participant is refused (400)', async () => {
      const bob = await participant(api.app, 'bob');
      const bobId = (await bob.get('/api/v1/me')).json<{ id: number }>().id;
      const token = (await alice.post('/api/v1/tokens', {})).json<{ token: string }>().token;
      const asBob = { quantity: 2, participantId: bobId, username: 'bob' };
      for (const response of [
        await alice.post(`/api/v1/lotteries/${daily}/ballots`, asBob),
        await new Browser(api.app).post(`/api/v1/lotteries/${daily}/ballots`, asBob, {
          headers: { authorization: `Bearer ${token}` },
        }),
      ]) {
        expect(response.statusCode).toBe(400);
        expect(
          response
            .json<{ errors: { field: string }[] }>()
            .errors.map((e) => e.field)
            .sort(),
        ).toEqual(['/participantId', '/username']);
      }
      expect(await countBallots()).toBe(0);
      expect((await bob.get('/api/v1/me/ballots')).json().ballots).toEqual([]);
    });

    it('needs a login', async () => {
      const response = await new Browser(api.app).post(`/api/v1/lotteries/${daily}/ballots`, {});
      expect(response.statusCode).toBe(401);
    });

    it('is 404 for an unknown lottery', async () => {
      const response = await alice.post('/api/v1/lotteries/999/ballots', {});
      expect(response.statusCode).toBe(404);
      expect(response.json().code).toBe('lottery-not-found');
    });

    it('is 409 for a lottery that is not open, saying its status', async () => {
      const upcoming = await createLottery(boss, { name: 'Later', startsOn: '2026-04-01' });
      const finished = await createLottery(boss, { name: 'Short', endsOn: '2026-03-10' });
      const cancelled = await createLottery(boss, { name: 'Gone' });
      await boss.post(`/api/v1/lotteries/${cancelled}/cancel`);
      api.ctx.clock.set('2026-03-11T12:00:00Z');
      for (const [id, status] of [
        [upcoming, 'upcoming'],
        [finished, 'finished'],
        [cancelled, 'cancelled'],
      ] as const) {
        const response = await alice.post(`/api/v1/lotteries/${id}/ballots`, {});
        expect(response.statusCode).toBe(409);
        expect(response.json()).toMatchObject({ code: 'lottery-not-open', lotteryStatus: status });
      }
    });
  });

  describe('with an Idempotency-Key', () => {
    const submit = (quantity: number, key: string, who = alice, lottery = daily) =>
      who.post(
        `/api/v1/lotteries/${lottery}/ballots`,
        { quantity },
        { headers: { 'idempotency-key': key } },
      );

    it('answers a retry with the first response and submits nothing more', async () => {
      const first = await submit(3, 'checkout-1');
      api.ctx.clock.advance(60_000);
      const retry = await submit(3, 'checkout-1');
      expect(retry.statusCode).toBe(first.statusCode);
      expect(retry.body).toBe(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await countBallots()).toBe(3);
    });

    it('refuses the same key with a different request (422)', async () => {
      await submit(3, 'checkout-1');
      const other = await submit(4, 'checkout-1');
      expect(other.statusCode).toBe(422);
      expect(other.json().code).toBe('idempotency-key-reused');
      const elsewhere = await submit(
        3,
        'checkout-1',
        alice,
        await createLottery(boss, { name: 'Two' }),
      );
      expect(elsewhere.statusCode).toBe(422);
      expect(await countBallots()).toBe(3);
    });

    it('keeps keys apart per participant', async () => {
      const bob = await participant(api.app, 'bob');
      await submit(1, 'same-key');
      expect((await submit(1, 'same-key', bob)).headers['idempotent-replayed']).toBeUndefined();
      expect(await countBallots()).toBe(2);
    });

    it('forgets a key after 24 hours', async () => {
      await submit(1, 'checkout-1');
      api.ctx.clock.advance(24 * 3_600_000 + 1000);
      const later = await submit(1, 'checkout-1');
      expect(later.statusCode).toBe(201);
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      expect(await countBallots()).toBe(2);
    });

    it('releases the key when the submission fails, so it can be retried', async () => {
      const later = await createLottery(boss, { name: 'Tomorrow', startsOn: '2026-03-11' });
      expect((await submit(2, 'early', alice, later)).statusCode).toBe(409);
      api.ctx.clock.set('2026-03-11T08:00:00Z');
      expect((await submit(2, 'early', alice, later)).statusCode).toBe(201);
      expect(await countBallots()).toBe(2);
    });

    it('rebuilds the answer for a retry when the first request stored its ballots but died before its answer', async () => {
      const first = await submit(3, 'crashed');
      const me = (await alice.get('/api/v1/me')).json<{ id: number }>();
      // What a crash between the commit and storing the answer leaves: the outcome only.
      await api.ctx.db
        .updateTable('idempotency_keys')
        .set({ response_status: PENDING_STATUS, response_body: '' })
        .where('participant_id', '=', me.id)
        .where('key', '=', 'crashed')
        .execute();

      const retry = await submit(3, 'crashed');
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      const [before, after] = [first.json(), retry.json()];
      for (const field of [
        'lotteryId',
        'drawId',
        'drawDate',
        'submittedAt',
        'quantity',
        'ballotIds',
      ])
        expect(after[field], field).toEqual(before[field]);
      expect(after.ballotIds).toHaveLength(3);
      expect(after.receipt).toEqual(before.receipt);
      const { publicKey } = (await alice.get('/api/v1/fairness/key')).json<{ publicKey: string }>();
      expect(verifyReceipt(publicKey, after.receipt, after.signature)).toBe(true);
      expect(await countBallots()).toBe(3);
      // Stored now: later retries get exactly this answer.
      expect((await submit(3, 'crashed')).body).toBe(retry.body);
    });

    it('answers a retry in the compact shape when the first answer was stored in the former one', async () => {
      const first = await submit(3, 'before-upgrade');
      const submitted = first.json();
      const me = (await alice.get('/api/v1/me')).json<{ id: number }>();
      // The answer as versions before the compact one stored it: an object per ballot.
      const former = {
        ballots: submitted.ballotIds.map((id: number) => ({
          id,
          lotteryId: submitted.lotteryId,
          drawId: submitted.drawId,
          drawDate: submitted.drawDate,
          submittedAt: submitted.submittedAt,
        })),
        receipt: submitted.receipt,
        signature: submitted.signature,
      };
      await api.ctx.db
        .updateTable('idempotency_keys')
        .set({ response_body: JSON.stringify(former) })
        .where('participant_id', '=', me.id)
        .where('key', '=', 'before-upgrade')
        .execute();

      const retry = await submit(3, 'before-upgrade');
      expect(retry.statusCode).toBe(201);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.json()).toEqual(submitted);
      expect(await countBallots()).toBe(3);
    });

    it('tells a retry to wait on a key reserved before outcomes were stored, until it expires (409)', async () => {
      const me = (await alice.get('/api/v1/me')).json<{ id: number }>();
      await api.ctx.db
        .insertInto('idempotency_keys')
        .values({
          participant_id: me.id,
          key: 'in-flight',
          request_hash: requestHash(submission(daily, 1)),
          response_status: PENDING_STATUS,
          response_body: '',
          created_at: api.ctx.clock.now(),
          outcome: null,
        })
        .execute();
      const response = await alice.post(
        `/api/v1/lotteries/${daily}/ballots`,
        {},
        { headers: { 'idempotency-key': 'in-flight' } },
      );
      expect(response.statusCode).toBe(409);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.json().code).toBe('idempotency-key-in-progress');
      expect(await countBallots()).toBe(0);
      api.ctx.clock.advance(24 * 3_600_000 + 1000);
      const later = await alice.post(
        `/api/v1/lotteries/${daily}/ballots`,
        {},
        { headers: { 'idempotency-key': 'in-flight' } },
      );
      expect(later.statusCode).toBe(201);
      expect(await countBallots()).toBe(1);
    });

    it('submits once when the same key arrives several times at once, and answers each alike', async () => {
      const answers = await Promise.all([1, 2, 3].map(() => submit(5, 'double-click')));
      expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201]);
      expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
      const ballotIds = answers.map((a) => a.json().ballotIds);
      expect(ballotIds[0]).toHaveLength(5);
      expect(ballotIds[1]).toEqual(ballotIds[0]);
      expect(ballotIds[2]).toEqual(ballotIds[0]);
      expect(await countBallots()).toBe(5);
    });

    it('refuses a key that is empty, too long or not printable ASCII', async () => {
      for (const key of ['', 'x'.repeat(129), 'clé']) {
        const response = await submit(1, key);
        expect(response.statusCode, key).toBe(400);
        expect(response.json().errors[0]).toMatchObject({
          field: '/idempotency-key',
          in: 'header',
        });
      }
      expect(await countBallots()).toBe(0);
    });
  });

  describe('my ballots', () => {
    it('lists my own ballots, newest first, with the lottery and whether each won', async () => {
      const weekly = await createLottery(boss, { name: 'Weekly' });
      await alice.post(`/api/v1/lotteries/${daily}/ballots`, { quantity: 2 });
      await alice.post(`/api/v1/lotteries/${weekly}/ballots`, {});
      const bob = await participant(api.app, 'bob');
      await bob.post(`/api/v1/lotteries/${daily}/ballots`, {});

      const response = await alice.get('/api/v1/me/ballots');
      expect(response.statusCode).toBe(200);
      const { ballots, next } = response.json();
      expect(next).toBeNull();
      expect(ballots.map((b: { lotteryName: string }) => b.lotteryName)).toEqual([
        'Weekly',
        'Daily',
        'Daily',
      ]);
      expect(ballots[0]).toEqual({
        id: expect.any(Number),
        lotteryId: weekly,
        lotteryName: 'Weekly',
        drawId: expect.any(Number),
        drawDate: '2026-03-10',
        drawStatus: 'open',
        submittedAt: '2026-03-10T12:00:00.000Z',
        won: false,
      });

      api.ctx.clock.set('2026-03-11T00:00:01Z');
      await closeDueDraws(api.ctx);
      const drawn = (await alice.get(`/api/v1/me/ballots?lotteryId=${weekly}`)).json().ballots;
      expect(drawn).toEqual([expect.objectContaining({ drawStatus: 'drawn', won: true })]);
    });

    it('filters by lottery and date, and pages with a cursor', async () => {
      await alice.post(`/api/v1/lotteries/${daily}/ballots`, { quantity: 5 });
      api.ctx.clock.set('2026-03-11T09:00:00Z');
      await alice.post(`/api/v1/lotteries/${daily}/ballots`, { quantity: 2 });

      const today = await alice.get(`/api/v1/me/ballots?lotteryId=${daily}&date=2026-03-11`);
      expect(today.json().ballots).toHaveLength(2);

      const first = (await alice.get('/api/v1/me/ballots?limit=4')).json();
      expect(first.ballots).toHaveLength(4);
      const second = (await alice.get(`/api/v1/me/ballots?limit=4&before=${first.next}`)).json();
      expect(second.ballots).toHaveLength(3);
      expect(second.next).toBeNull();
      const ids = [...first.ballots, ...second.ballots].map((b: { id: number }) => b.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      expect(new Set(ids).size).toBe(7);
    });

    it('refuses bad filters and needs a login', async () => {
      for (const query of ['limit=0', 'limit=101', 'date=yesterday', 'lotteryId=x', 'color=red']) {
        expect((await alice.get(`/api/v1/me/ballots?${query}`)).statusCode, query).toBe(400);
      }
      expect((await new Browser(api.app).get('/api/v1/me/ballots')).statusCode).toBe(401);
    });
  });
});
