import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerParticipant } from '../../src/app/participants.js';
import { resolveSettings } from '../../src/http/options.js';
import { dialects } from '../support/databases.js';
import { openApiWorld, ORIGIN, PASSWORD, problemViolation, type ApiWorld } from './support/api.js';
import { scenario } from './support/report.js';

/**
 * Brute force against logins, with the production limits (RATE_LIMIT_ACCOUNT_FAILURES = 10 per
 * 15 minutes, RATE_LIMIT_FAILED_LOGINS_PER_HOUR = 50 per address), on the service's fixed clock.
 *
 * The trade-off this records: the per-account limit counts failures from every address, so a
 * flood from one address also locks the victim out from their own address until the window
 * ends (at most 15 minutes). That protects the password from a distributed guesser at the price
 * of letting anyone delay a known username's login; the window is short, and the victim gets in
 * as soon as it ends.
 */

const settings = resolveSettings({});
const ACCOUNT_MAX = settings.login.perAccount.max;
const ADDRESS_MAX = settings.login.perAddress.max;
const ATTACKER = '203.0.113.66';
const VICTIM_HOME = '198.51.100.7';

describe.each(dialects)('brute force on %s', (dialect) => {
  let world: ApiWorld;
  let verifications = 0;

  beforeEach(async () => {
    world = await openApiWorld(dialect);
    // Counts the password checks the service really performs (each is a guess tried).
    const { verify } = world.ctx.passwords;
    world.ctx.passwords = {
      ...world.ctx.passwords,
      verify: (hash, password) => {
        verifications += 1;
        return verify(hash, password);
      },
    };
    verifications = 0;
    world.ctx.clock.set('2026-03-11T12:05:00Z');
  });
  afterEach(() => world.close());

  const login = (username: string, password: string, remoteAddress: string) =>
    world.app.inject({
      method: 'POST',
      url: '/api/v1/sessions',
      headers: { origin: ORIGIN },
      payload: { username, password },
      remoteAddress,
    });

  it('throttles a login flood per account and per address with 429 and Retry-After; the victim gets in after the window', () =>
    scenario(
      {
        scenario: 'Brute force',
        database: dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL',
        checked: `sequential flood of wrong passwords: ${ACCOUNT_MAX} tried per account per 15 min, then 429 problem with Retry-After; ${ADDRESS_MAX} per address per hour across accounts; the victim's right password during the lockout (from another address) vs after the window (fixed clock moved)`,
      },
      async (notes) => {
        await registerParticipant(world.ctx, { username: 'victim', password: PASSWORD });
        const statuses: number[] = [];
        let retryAfter = '';
        for (let i = 0; i < 30; i++) {
          const response = await login('victim', `guess ${i}`, ATTACKER);
          statuses.push(response.statusCode);
          if (response.statusCode === 429) {
            expect(problemViolation(response)).toBeNull();
            retryAfter = String(response.headers['retry-after']);
            expect(Number(retryAfter)).toBeGreaterThan(0);
            expect(Number(retryAfter)).toBeLessThanOrEqual(15 * 60);
            expect(response.json()).toMatchObject({
              code: 'rate-limited',
              retryAfter: Number(retryAfter),
            });
          }
        }
        expect(statuses.filter((s) => s === 401)).toHaveLength(ACCOUNT_MAX);
        expect(statuses.slice(ACCOUNT_MAX).every((s) => s === 429)).toBe(true);
        // Only the allowed guesses were checked against the password.
        const floodChecks = verifications;
        expect(floodChecks).toBe(ACCOUNT_MAX);

        // The trade-off: during the window the victim is locked out from their own address too,
        // and a 429 says nothing about whether the password was right.
        const during = await login('victim', PASSWORD, VICTIM_HOME);
        expect(during.statusCode).toBe(429);
        expect(during.cookies).toEqual([]);
        // After the window: in, from elsewhere, without any unlocking.
        world.ctx.clock.set('2026-03-11T12:15:00Z');
        const after = await login('victim', PASSWORD, VICTIM_HOME);
        expect(after.statusCode).toBe(200);

        // Per address: spraying many accounts from one address stops at the address limit;
        // another address is not affected.
        const spray: number[] = [];
        for (let i = 0; i < ADDRESS_MAX + 10; i++)
          spray.push((await login(`someone${i}`, 'guess', '203.0.113.77')).statusCode);
        expect(spray.filter((s) => s === 401)).toHaveLength(ADDRESS_MAX);
        expect(spray.slice(ADDRESS_MAX).every((s) => s === 429)).toBe(true);
        expect((await login('someone0', 'guess', '203.0.113.78')).statusCode).toBe(401);

        notes.rounds = statuses.length + spray.length + 3;
        notes.notes.push(
          `account: ${ACCOUNT_MAX} × 401 then 429 (Retry-After ${retryAfter} s), ${floodChecks} password checks for ${statuses.length} attempts`,
          'victim from another address during the window: 429 (locked out: the documented trade-off); after the window: 200',
          `address: ${ADDRESS_MAX} × 401 across accounts, then 429; other addresses unaffected`,
        );
      },
    ));

  it('holds the per-account limit against a concurrent burst of guesses', () =>
    scenario(
      {
        scenario: 'Brute force',
        database: dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL',
        checked: `40 wrong passwords for one account sent at once (from 4 addresses): at most ${ACCOUNT_MAX} checked against the password`,
      },
      async (notes) => {
        await registerParticipant(world.ctx, { username: 'target', password: PASSWORD });
        verifications = 0;
        const responses = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            login('target', `parallel guess ${i}`, `192.0.2.${1 + (i % 4)}`),
          ),
        );
        const tried = responses.filter((r) => r.statusCode === 401).length;
        notes.rounds = 1;
        notes.notes.push(
          `${tried} of 40 concurrent guesses answered 401, ${verifications} password checks (limit ${ACCOUNT_MAX})`,
        );
        expect(responses.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
        expect(
          verifications,
          `${verifications} guesses were checked in one burst`,
        ).toBeLessThanOrEqual(ACCOUNT_MAX);
      },
    ));
});
