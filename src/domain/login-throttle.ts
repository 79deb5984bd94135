/**
 * Who may have a password checked, under failed-login limits that slow an attacker without
 * locking the owner out (issue 21, item 5).
 *
 * Failures are counted per client address (across accounts), per account and address, and per
 * account (across addresses). Only the address's own failures ever refuse an attempt: a correct
 * password from an address that has not been failing is always checked, and so always gets in.
 * What the account-wide count does is shrink every address's allowance for that account once the
 * account is being guessed at from many places ("under guard"), so a distributed guesser gets a
 * few tries per address instead of the full allowance.
 */

/** At most `max` events per fixed window of `windowMs` (windows start at multiples of it). */
export interface RateLimit {
  max: number;
  windowMs: number;
}

export interface LoginLimits {
  /** Failed logins from one address, across all accounts. */
  perAddress: RateLimit;
  /** Failed logins for one account from one address. */
  perAccountAddress: RateLimit;
  /** Failed logins for one account from all addresses, after which the account is under guard. */
  perAccount: RateLimit;
  /** While under guard: failed logins for the account from one address per `perAccountAddress` window. */
  guardedPerAccountAddress: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const defaultLoginLimits: LoginLimits = {
  perAddress: { max: 50, windowMs: HOUR },
  perAccountAddress: { max: 10, windowMs: 15 * MINUTE },
  perAccount: { max: 100, windowMs: HOUR },
  guardedPerAccountAddress: 3,
};

/**
 * Attempts counted in the current windows, this one included. Attempts are counted before the
 * password is checked (so a burst of concurrent guesses cannot all slip under a limit) and a
 * successful one is taken back: the counts are failures plus attempts still being checked.
 */
export interface LoginAttemptCounts {
  address: number;
  accountAddress: number;
  account: number;
}

export type LoginVerdict =
  { check: true; underGuard: boolean } | { check: false; refusedBy: 'address' | 'account-address' };

/** Whether the password of this attempt may be checked, or the attempt is refused unchecked. */
export const judgeLoginAttempt = (
  counts: LoginAttemptCounts,
  limits: LoginLimits,
): LoginVerdict => {
  if (counts.address > limits.perAddress.max) return { check: false, refusedBy: 'address' };
  const underGuard = counts.account > limits.perAccount.max;
  const allowance = underGuard
    ? Math.min(limits.guardedPerAccountAddress, limits.perAccountAddress.max)
    : limits.perAccountAddress.max;
  if (counts.accountAddress > allowance) return { check: false, refusedBy: 'account-address' };
  return { check: true, underGuard };
};

/**
 * The most wrong passwords one account can have checked in one window of `perAccount` (a clock
 * hour by default) by an attacker holding `addresses` client addresses (an IPv6 address counts by
 * its /64): each address gets at most its own allowance, and once `perAccount.max` attempts are
 * counted, at most the guarded allowance per address and `perAccountAddress` window. Assumes the
 * `perAccount` window is a whole number of `perAccountAddress` windows (as by default).
 */
export const worstCaseGuessesPerAccountWindow = (
  limits: LoginLimits,
  addresses: number,
): number => {
  const pairWindows = Math.max(
    1,
    Math.floor(limits.perAccount.windowMs / limits.perAccountAddress.windowMs),
  );
  const perAddress = Math.min(
    limits.perAddress.max *
      Math.max(1, Math.ceil(limits.perAccount.windowMs / limits.perAddress.windowMs)),
    limits.perAccountAddress.max * pairWindows,
  );
  const guarded = Math.min(limits.guardedPerAccountAddress, limits.perAccountAddress.max);
  return Math.min(
    addresses * perAddress,
    limits.perAccount.max + addresses * Math.min(perAddress, guarded * pairWindows),
  );
};
