import type { HttpChainClient } from 'drand-client';
import {
  beaconRoundTime,
  quicknetChain,
  type Beacon,
  type BeaconSource,
} from '../fairness/beacon.js';
import type { Clock } from '../domain/index.js';

/**
 * drand quicknet beacons from HTTP relays, pinned to quicknet's chain hash and public key so a
 * relay cannot substitute another chain. A round not yet due, or a relay that does not answer,
 * yields null: the draw waits and says so, it never falls back to drawing without the beacon.
 */
export class DrandHttpBeaconSource implements BeaconSource {
  private clients: Promise<HttpChainClient[]> | undefined;

  constructor(
    private readonly relays: string[],
    private readonly clock: Clock,
  ) {}

  /** drand-client is loaded on first use: its BLS12-381 set-up slows start-up noticeably. */
  private connect(): Promise<HttpChainClient[]> {
    this.clients ??= import('drand-client').then(({ HttpCachingChain, HttpChainClient }) => {
      const options = {
        disableBeaconVerification: false,
        noCache: false,
        chainVerificationParams: {
          chainHash: quicknetChain.hash,
          publicKey: quicknetChain.public_key,
        },
      };
      return this.relays.map(
        (relay) =>
          new HttpChainClient(
            new HttpCachingChain(`${relay.replace(/\/$/, '')}/${quicknetChain.hash}`, options),
            options,
          ),
      );
    });
    return this.clients;
  }

  async fetch(round: number): Promise<Beacon | null> {
    if (this.clock.now() < beaconRoundTime(round)) return null;
    const { fetchBeacon } = await import('drand-client');
    for (const client of await this.connect()) {
      try {
        const beacon = await fetchBeacon(client, round);
        return { round: beacon.round, randomness: beacon.randomness, signature: beacon.signature };
      } catch {
        // Try the next relay; if none answers, the draw waits for the next pass.
      }
    }
    return null;
  }
}
