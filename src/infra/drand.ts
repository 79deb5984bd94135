import { fetchBeacon, HttpCachingChain, HttpChainClient } from 'drand-client';
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
  private readonly clients: HttpChainClient[];

  constructor(
    relays: string[],
    private readonly clock: Clock,
  ) {
    const options = {
      disableBeaconVerification: false,
      noCache: false,
      chainVerificationParams: {
        chainHash: quicknetChain.hash,
        publicKey: quicknetChain.public_key,
      },
    };
    this.clients = relays.map(
      (relay) =>
        new HttpChainClient(
          new HttpCachingChain(`${relay.replace(/\/$/, '')}/${quicknetChain.hash}`, options),
          options,
        ),
    );
  }

  async fetch(round: number): Promise<Beacon | null> {
    if (this.clock.now() < beaconRoundTime(round)) return null;
    for (const client of this.clients) {
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
