import { describe, expect, it } from 'vitest';
import {
  defaultLoginLimits,
  judgeLoginAttempt,
  worstCaseGuessesPerAccountWindow,
  type LoginAttemptCounts,
  type LoginLimits,
} from '../../src/domain/index.js';

const limits = defaultLoginLimits;
const judge = (counts: Partial<LoginAttemptCounts>, l: LoginLimits = limits) =>
  judgeLoginAttempt({ address: 1, accountAddress: 1, account: 1, ...counts }, l);

describe('judgeLoginAttempt', () => {
  it('checks the password of an attempt within every limit', () => {
    expect(judge({})).toEqual({ check: true, underGuard: false });
  });

  it('refuses an address past its limit across accounts, unchecked', () => {
    expect(judge({ address: 50 })).toMatchObject({ check: true });
    expect(judge({ address: 51 })).toEqual({ check: false, refusedBy: 'address' });
  });

  it('refuses an address past its limit for one account, unchecked', () => {
    expect(judge({ accountAddress: 10 })).toMatchObject({ check: true });
    expect(judge({ accountAddress: 11 })).toEqual({ check: false, refusedBy: 'account-address' });
  });

  it('never refuses an address that has not been failing, however many failures the account has', () => {
    for (const account of [1, 100, 101, 10_000, 1_000_000]) {
      expect(judge({ account, address: 1, accountAddress: 1 })).toMatchObject({ check: true });
    }
  });

  it('under guard, gives each address only the guarded allowance for that account', () => {
    expect(judge({ account: 100, accountAddress: 4 })).toEqual({ check: true, underGuard: false });
    expect(judge({ account: 101, accountAddress: 3 })).toEqual({ check: true, underGuard: true });
    expect(judge({ account: 101, accountAddress: 4 })).toEqual({
      check: false,
      refusedBy: 'account-address',
    });
  });
});

describe('worstCaseGuessesPerAccountWindow', () => {
  it('is 40 an hour for one address (10 per quarter-hour)', () => {
    expect(worstCaseGuessesPerAccountWindow(limits, 1)).toBe(40);
  });

  it('is 100 plus 12 per address for many addresses', () => {
    expect(worstCaseGuessesPerAccountWindow(limits, 10)).toBe(220);
    expect(worstCaseGuessesPerAccountWindow(limits, 1_000)).toBe(12_100);
    expect(worstCaseGuessesPerAccountWindow(limits, 100_000)).toBe(1_200_100);
  });

  it('never exceeds what a simulation of the limits lets through', () => {
    // Every address guesses until refused, in each quarter-hour of one hour, in turn.
    const simulate = (l: LoginLimits, addresses: number): number => {
      let accountCount = 0;
      let checked = 0;
      const pairWindows = l.perAccount.windowMs / l.perAccountAddress.windowMs;
      const addressCounts = new Array<number>(addresses).fill(0);
      for (let window = 0; window < pairWindows; window++) {
        for (let a = 0; a < addresses; a++) {
          for (let pair = 1; ; pair++) {
            const verdict = judgeLoginAttempt(
              { address: addressCounts[a]! + 1, accountAddress: pair, account: accountCount + 1 },
              l,
            );
            if (!verdict.check) break;
            addressCounts[a]! += 1;
            accountCount += 1;
            checked += 1;
          }
        }
      }
      return checked;
    };
    for (const addresses of [1, 2, 5, 10, 11, 50, 300]) {
      const simulated = simulate(limits, addresses);
      expect(simulated).toBeLessThanOrEqual(worstCaseGuessesPerAccountWindow(limits, addresses));
    }
    expect(simulate(limits, 1)).toBe(40);
  });
});
