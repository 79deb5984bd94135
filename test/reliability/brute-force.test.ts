import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerParticipant } from '../../src/app/participants.js';
import { worstCaseGuessesPerAccountWindow } from '../../src/domain/index.js';
import { resolveSettings } from '../../src/http/options.js';
import { dialects } from '../support/databases.js';
import { openApiWorld, ORIGIN, PASSWORD, problemViolation, type ApiWorld } from './support/api.js';
import { scenario } from './support/report.js';

/**
 * Brute force against logins, with the production limits (docs/reliability.md, "Brute force"),
 * on the service's fixed clock: 10 failures per account and address per 15 minutes, 50 per address
 * per hour across accounts, and past 100 failures for an account in an hour, 3 per address per
 * 15 minutes for it. The attacker is slowed; the owner, from an address that has not been
 * failing, always gets in.
 */

const { login: limits } = resolveSettings({});
const PAIR_MAX = limits.perAccountAddress.max;
const ADDRESS_MAX = limits.perAddress.max;
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

  it('slows a flood from one address with 429 and Retry-After; the victim gets in from home meanwhile', () =>
    scenario(
      {
        scenario: 'Brute force',
        database: dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL',
        checked: `sequential flood of wrong passwords from one address: ${PAIR_MAX} tried per account per 15 min, then 429 problem with Retry-After; ${ADDRESS_MAX} per address per hour across accounts; the victim's right password during the flood, from an address that has not been failing`,
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
        expect(statuses.filter((s) => s === 401)).toHaveLength(PAIR_MAX);
        expect(statuses.slice(PAIR_MAX).every((s) => s === 429)).toBe(true);
        // Only the allowed guesses were checked against the password.
        const floodChecks = verifications;
        expect(floodChecks).toBe(PAIR_MAX);

        // The victim is not locked out: from home, during the flood, the right password works.
        const during = await login('victim', PASSWORD, VICTIM_HOME);
        expect(during.statusCode).toBe(200);
        // The attacker's address stays refused, even the right password (unchecked: a 429 says
        // nothing about it), until its quarter-hour ends.
        const checksBefore = verifications;
        expect((await login('victim', PASSWORD, ATTACKER)).statusCode).toBe(429);
        expect(verifications).toBe(checksBefore);
        world.ctx.clock.set('2026-03-11T12:15:00Z');
        expect((await login('victim', 'guess again', ATTACKER)).statusCode).toBe(401);

        // Per address: spraying many accounts from one address stops at the address limit;
        // another address is not affected.
        const spray: number[] = [];
        for (let i = 0; i < ADDRESS_MAX + 10; i++)
          spray.push((await login(`someone${i}`, 'guess', '203.0.113.77')).statusCode);
        expect(spray.filter((s) => s === 401)).toHaveLength(ADDRESS_MAX);
        expect(spray.slice(ADDRESS_MAX).every((s) => s === 429)).toBe(true);
        expect((await login('someone0', 'guess', '203.0.113.78')).statusCode).toBe(401);

        notes.rounds = statuses.length + spray.length + 4;
        notes.notes.push(
          `one address: ${PAIR_MAX} × 401 then 429 (Retry-After ${retryAfter} s), ${floodChecks} password checks for ${statuses.length} attempts`,
          'victim from home during the flood: 200; the attacker’s address: 429 unchecked until its quarter-hour ends',
          `address: ${ADDRESS_MAX} × 401 across accounts, then 429; other addresses unaffected`,
        );
      },
    ));

  it('bounds a guesser spread over many addresses by the documented worst case, and the owner still gets in', () =>
    scenario(
      {
        scenario: 'Brute force',
        database: dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL',
        checked: `24 addresses guess one account until refused, in each quarter-hour of one hour: password checks within the documented worst case; the owner logs in from a fresh address in each quarter-hour`,
      },
      async (notes) => {
        await registerParticipant(world.ctx, { username: 'target', password: PASSWORD });
        const addresses = Array.from({ length: 24 }, (_, i) => `192.0.2.${i + 1}`);
        world.ctx.clock.set('2026-03-11T13:00:00Z');
        verifications = 0;
        const ownerStatuses: number[] = [];
        for (let quarter = 0; quarter < 4; quarter++) {
          world.ctx.clock.set(`2026-03-11T13:${String(quarter * 15).padStart(2, '0')}:30Z`);
          for (const address of addresses) {
            for (let guess = 0; guess < 20; guess++) {
              const response = await login('target', `guess ${quarter} ${guess}`, address);
              if (response.statusCode === 429) break;
              expect(response.statusCode).toBe(401);
            }
          }
          ownerStatuses.push(
            (await login('target', PASSWORD, `198.51.100.${quarter + 1}`)).statusCode,
          );
        }
        const bound = worstCaseGuessesPerAccountWindow(limits, addresses.length);
        // Owner logins are checks too, and not guesses.
        const guesses = verifications - ownerStatuses.length;
        expect(ownerStatuses).toEqual([200, 200, 200, 200]);
        expect(guesses).toBeLessThanOrEqual(bound);
        // Without the guard, 24 addresses would get 10 each per quarter-hour: 960.
        expect(guesses).toBeLessThan(addresses.length * PAIR_MAX * 4);
        notes.rounds = 4;
        notes.notes.push(
          `${guesses} wrong passwords checked in the hour from ${addresses.length} addresses (documented worst case ${bound}; ${addresses.length * PAIR_MAX * 4} without the account-wide guard); owner from a fresh address in each quarter-hour: ${ownerStatuses.join(', ')}`,
        );
      },
    ));

  it('holds the limits against concurrent bursts of guesses', () =>
    scenario(
      {
        scenario: 'Brute force',
        database: dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL',
        checked: `40 wrong passwords for one account sent at once from one address: at most ${PAIR_MAX} checked; then 300 at once from 20 addresses: within the worst case for a quarter-hour`,
      },
      async (notes) => {
        await registerParticipant(world.ctx, { username: 'target', password: PASSWORD });
        verifications = 0;
        const single = await Promise.all(
          Array.from({ length: 40 }, (_, i) => login('target', `parallel guess ${i}`, ATTACKER)),
        );
        expect(single.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
        const singleChecks = verifications;
        expect(
          singleChecks,
          `${singleChecks} guesses were checked in one burst`,
        ).toBeLessThanOrEqual(PAIR_MAX);

        verifications = 0;
        const spread = await Promise.all(
          Array.from({ length: 300 }, (_, i) =>
            login('target', `spread guess ${i}`, `192.0.2.${1 + (i % 20)}`),
          ),
        );
        expect(spread.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);
        // In one quarter-hour: the account-wide 100 (less the first burst's), then 3 per address.
        const quarterBound = limits.perAccount.max + 20 * limits.guardedPerAccountAddress;
        expect(verifications).toBeLessThanOrEqual(quarterBound);
        notes.rounds = 2;
        notes.notes.push(
          `one address: ${singleChecks} of 40 concurrent guesses checked (limit ${PAIR_MAX}); 20 addresses: ${verifications} of 300 checked (bound ${quarterBound})`,
        );
      },
    ));
});
