import ipaddr from 'ipaddr.js';
import { countEvents, settleEvents } from '../db/repositories/rate-limits.js';
import {
  DomainError,
  isDomainError,
  judgeLoginAttempt,
  usernameKey,
  type LoginLimits,
  type RateLimit,
} from '../domain/index.js';
import type { AppContext } from './context.js';

/**
 * The part of a client address that rate limits count by: an IPv4 address, or the /64 network of
 * an IPv6 address (one subscriber usually holds a whole /64, so counting single IPv6 addresses
 * would give an attacker billions of fresh ones). IPv4-mapped IPv6 addresses count as IPv4.
 */
export const clientKey = (address: string): string => {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
};

const windowStart = (now: number, limit: RateLimit) => now - (now % limit.windowMs);

const retryAfterSeconds = (now: number, limit: RateLimit) =>
  Math.max(1, Math.ceil((windowStart(now, limit) + limit.windowMs - now) / 1000));

interface Bucket {
  name: string;
  limit: RateLimit;
}

/**
 * Checks a password (`check` throws `invalid-credentials` when it is wrong) under the failed-login
 * limits of `judgeLoginAttempt`. Unknown and known usernames are counted alike, so the limits
 * reveal nothing about which accounts exist. A refused attempt is answered 429 without checking
 * the password, so it tells nothing about the password either.
 */
export const checkPasswordWithinLimits = async <T>(
  ctx: AppContext,
  who: { username: string; address: string },
  limits: LoginLimits,
  check: () => Promise<T>,
): Promise<T> => {
  const account = usernameKey(who.username);
  const client = clientKey(who.address);
  const byAddress: Bucket = { name: `login-failures:address:${client}`, limit: limits.perAddress };
  const byAccountAddress: Bucket = {
    name: `login-failures:account-address:${account}:${client}`,
    limit: limits.perAccountAddress,
  };
  const byAccount: Bucket = { name: `login-failures:account:${account}`, limit: limits.perAccount };

  // Every attempt is counted before the password is checked, so a burst of concurrent guesses
  // cannot all pass a limit first; whatever turns out not to be a failure is taken back.
  const now = ctx.clock.now();
  const at = (b: Bucket) => ({ bucket: b.name, windowStart: windowStart(now, b.limit) });
  const takeBack = (...buckets: Bucket[]) => settleEvents(ctx.db, { takeBack: buckets.map(at) });
  const [address, accountAddress, accountCount] = await countEvents(
    ctx.db,
    [byAddress, byAccountAddress, byAccount].map(at),
  );
  const counts = { address: address!, accountAddress: accountAddress!, account: accountCount! };
  const verdict = judgeLoginAttempt(counts, limits);
  if (!verdict.check) {
    // Not a guess: only the limit that refused it keeps counting it.
    if (verdict.refusedBy === 'address') {
      await takeBack(byAccountAddress, byAccount);
      throw refusal(
        now,
        byAddress.limit,
        'Too many failed logins from your address; wait and try again.',
      );
    }
    await takeBack(byAddress, byAccount);
    throw refusal(
      now,
      byAccountAddress.limit,
      'Too many failed logins for this account from your address; wait and try again, or log in from another network.',
    );
  }
  let result: T;
  try {
    result = await check();
  } catch (error) {
    if (!isDomainError(error, 'invalid-credentials')) {
      await takeBack(byAddress, byAccountAddress, byAccount);
    }
    throw error;
  }
  // In: this address's earlier failures for the account are forgiven; the account-wide count of
  // other addresses' failures stays, so the owner logging in does not reopen it to guessing.
  await settleEvents(ctx.db, {
    takeBack: [byAddress, byAccount].map(at),
    clear: [byAccountAddress.name],
  });
  return result;
};

const refusal = (now: number, limit: RateLimit, message: string): DomainError =>
  new DomainError('rate-limited', message, {
    details: { retryAfter: retryAfterSeconds(now, limit) },
  });
