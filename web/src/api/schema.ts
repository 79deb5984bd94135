/**
 * Generated from the server’s OpenAPI document by `npm run api:types`: do not edit.
 * A test fails when it no longer matches the server (test/web/api-types.test.ts).
 */

export interface paths {
  '/api/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This API as an OpenAPI 3.1 document */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The document. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/ballots/{id}/proof': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The inclusion proof of a ballot
     * @description Proves that the ballot was sealed into its draw: check it with the receipt (signed at submission) and the draw record, e.g. with `lottery verify --ballot`. Answers 409 until the draw’s ballots are sealed at its close (with Retry-After while they are being sealed). A whole list reads and hashes every ballot of the draw, and a proof a page of up to 65,536 of them, so each client address may have 2 such requests running at once and the instance 4 (HEAVY_READS_PER_CLIENT, HEAVY_READS_TOTAL): more are refused with 429, or 503 when the instance is full, both with Retry-After.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The proof. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              ballotId: number;
              /** @description How many ballots the draw sealed. */
              count: number;
              /**
               * Format: date
               * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
               * @example 2026-03-10
               */
              drawDate: string;
              /** @description The ballot’s position in canonical order. */
              index: number;
              /** @description The ballot’s leaf hash. */
              leafHash: string;
              lotteryId: number;
              /** @description The sibling hashes from the leaf up to the root (RFC 9162, section 2.1.3). */
              path: string[];
              /** @description The sealed Merkle root. */
              root: string;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not found. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Conflicts with the current state. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many attempts; see Retry-After. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Temporarily unavailable; see Retry-After. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/draws': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The draws of a day, with their winners
     * @description Every lottery’s draw of that date; none for a date that has not begun. A logged-in caller’s counts are always current, their own ballots included; an anonymous caller’s may be up to a second old. The answer has an ETag: send it back in If-None-Match to get 304 while nothing changed. A settled day (every draw drawn, the day over everywhere) may be cached for a day.
     */
    get: {
      parameters: {
        query: {
          /**
           * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
           * @example 2026-03-10
           */
          date: string;
        };
        header?: {
          /** @description The ETag of a copy you hold (or several, comma-separated): 304 if current. */
          'if-none-match'?: string;
        };
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The draws of that date. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /**
               * Format: date
               * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
               * @example 2026-03-10
               */
              date: string;
              draws: {
                /** @description The sealed count once drawn, the count so far before. */
                ballotCount: number;
                closedAt: string | null;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                closesAt: string;
                /**
                 * Format: date
                 * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
                 * @example 2026-03-10
                 */
                date: string;
                drawnAt: string | null;
                id: number;
                lotteryId: number;
                lotteryName: string;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                opensAt: string;
                /**
                 * @description upcoming before its day; open during it; closed from its midnight; drawn once the winner is known.
                 * @enum {unknown}
                 */
                status: 'upcoming' | 'open' | 'closed' | 'drawn';
                winningBallot: {
                  id: number;
                  username: string;
                } | null;
              }[];
            };
          };
        };
        /** @description Not modified: the copy whose ETag was sent in If-None-Match is current. */
        304: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/draws/latest-date': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The latest date with a drawn draw
     * @description Null before the first draw.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The latest drawn date. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              date: string | null;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/fairness/key': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The key that signs ballot receipts
     * @description Ed25519 (RFC 8032); receipts are signed as docs/fairness.md, section 5 says.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The public key. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {string} */
              algorithm: 'Ed25519';
              /**
               * @description The public key that verifies ballot receipts, SPKI PEM.
               * @example -----BEGIN PUBLIC KEY-----
               *     MCowBQYDK2VwAyEA…
               *     -----END PUBLIC KEY-----
               */
              publicKey: string;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/lotteries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List lotteries
     * @description Each with its status and, while open, today’s draw. A logged-in caller’s counts are always current, their own ballots included; an anonymous caller’s may be up to a second old.
     */
    get: {
      parameters: {
        query?: {
          status?: 'upcoming' | 'open' | 'finished' | 'cancelled';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The lotteries. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              lotteries: {
                cancelledAt: string | null;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                createdAt: string;
                description: string | null;
                endsOn: string | null;
                id: number;
                /** @description Only when logged in: your ballots in today’s draw, and in all. */
                myBallots?: {
                  today: number;
                  total: number;
                };
                name: string;
                /**
                 * Format: date
                 * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
                 * @example 2026-03-10
                 */
                startsOn: string;
                /** @enum {unknown} */
                status: 'upcoming' | 'open' | 'finished' | 'cancelled';
                /** @example Europe/Paris */
                timeZone: string;
                today: {
                  ballotCount: number;
                  /**
                   * Format: date-time
                   * @description An instant, ISO 8601 in UTC.
                   * @example 2026-03-10T12:00:00.000Z
                   */
                  closesAt: string;
                  /**
                   * Format: date
                   * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
                   * @example 2026-03-10
                   */
                  date: string;
                  drawId: number;
                  /**
                   * Format: date-time
                   * @description An instant, ISO 8601 in UTC.
                   * @example 2026-03-10T12:00:00.000Z
                   */
                  opensAt: string;
                } | null;
              }[];
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /**
     * Create a lottery (admin)
     * @description It draws one winner every day from startsOn through endsOn (or until cancelled).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            description?: string | null;
            endsOn?: string | null;
            name: string;
            /**
             * Format: date
             * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
             * @example 2026-03-10
             */
            startsOn: string;
            /**
             * @description An IANA time zone; its midnight closes each day’s draw.
             * @default UTC
             * @example UTC
             * @example Europe/Paris
             */
            timeZone?: string;
          };
        };
      };
      responses: {
        /** @description The new lottery. */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              cancelledAt: string | null;
              /**
               * Format: date-time
               * @description An instant, ISO 8601 in UTC.
               * @example 2026-03-10T12:00:00.000Z
               */
              createdAt: string;
              description: string | null;
              endsOn: string | null;
              id: number;
              /** @description Only when logged in: your ballots in today’s draw, and in all. */
              myBallots?: {
                today: number;
                total: number;
              };
              name: string;
              /**
               * Format: date
               * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
               * @example 2026-03-10
               */
              startsOn: string;
              /** @enum {unknown} */
              status: 'upcoming' | 'open' | 'finished' | 'cancelled';
              /** @example Europe/Paris */
              timeZone: string;
              today: {
                ballotCount: number;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                closesAt: string;
                /**
                 * Format: date
                 * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
                 * @example 2026-03-10
                 */
                date: string;
                drawId: number;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                opensAt: string;
              } | null;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed (not an admin, or a cross-site request). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Conflicts with the current state. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The body must be JSON. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/lotteries/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Get a lottery */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The lottery. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              cancelledAt: string | null;
              /**
               * Format: date-time
               * @description An instant, ISO 8601 in UTC.
               * @example 2026-03-10T12:00:00.000Z
               */
              createdAt: string;
              description: string | null;
              endsOn: string | null;
              id: number;
              /** @description Only when logged in: your ballots in today’s draw, and in all. */
              myBallots?: {
                today: number;
                total: number;
              };
              name: string;
              /**
               * Format: date
               * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
               * @example 2026-03-10
               */
              startsOn: string;
              /** @enum {unknown} */
              status: 'upcoming' | 'open' | 'finished' | 'cancelled';
              /** @example Europe/Paris */
              timeZone: string;
              today: {
                ballotCount: number;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                closesAt: string;
                /**
                 * Format: date
                 * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
                 * @example 2026-03-10
                 */
                date: string;
                drawId: number;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                opensAt: string;
              } | null;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not found. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /**
     * Change a lottery (admin)
     * @description Name and description while it runs; first day and time zone only before it starts; the last day as long as it stays today or later.
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            description?: string | null;
            endsOn?: string | null;
            name?: string;
            /**
             * Format: date
             * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
             * @example 2026-03-10
             */
            startsOn?: string;
            /**
             * @description An IANA time zone; its midnight closes each day’s draw.
             * @example UTC
             * @example Europe/Paris
             */
            timeZone?: string;
          };
        };
      };
      responses: {
        /** @description The changed lottery. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              cancelledAt: string | null;
              /**
               * Format: date-time
               * @description An instant, ISO 8601 in UTC.
               * @example 2026-03-10T12:00:00.000Z
               */
              createdAt: string;
              description: string | null;
              endsOn: string | null;
              id: number;
              /** @description Only when logged in: your ballots in today’s draw, and in all. */
              myBallots?: {
                today: number;
                total: number;
              };
              name: string;
              /**
               * Format: date
               * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
               * @example 2026-03-10
               */
              startsOn: string;
              /** @enum {unknown} */
              status: 'upcoming' | 'open' | 'finished' | 'cancelled';
              /** @example Europe/Paris */
              timeZone: string;
              today: {
                ballotCount: number;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                closesAt: string;
                /**
                 * Format: date
                 * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
                 * @example 2026-03-10
                 */
                date: string;
                drawId: number;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                opensAt: string;
              } | null;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed (not an admin, or a cross-site request). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not found. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Conflicts with the current state. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The body must be JSON. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/lotteries/{id}/ballots': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Submit ballots
     * @description Adds ballots to the lottery’s draw of today. They come with a receipt listing them, signed by the lottery (Ed25519; the public key is at GET /api/v1/fairness/key). Send an Idempotency-Key to make retries safe: a retry returns the first response, receipts included, instead of submitting again.
     */
    post: {
      parameters: {
        query?: never;
        header?: {
          /** @description 1–128 printable ASCII characters. A retry with the same key returns the first response instead of submitting again (keys are kept 24 hours). */
          'idempotency-key'?: string;
        };
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @default 1 */
            quantity?: number;
          };
        };
      };
      responses: {
        /** @description The accepted ballots: their draw, their numbers, and the signed receipt that lists them (keep it to prove the ballots were accepted). */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The accepted ballots’ numbers, strictly ascending: the same list as `receipt.ballotIds`, not necessarily consecutive (other submissions may take numbers in between). A number is the ballot’s `id` in GET /api/v1/me/ballots and, once the draw is sealed at its close, its `ballotId` in the draw’s ballot list and its `{id}` in GET /api/v1/ballots/{id}/proof. */
              ballotIds: number[];
              /**
               * Format: date
               * @description The day of that draw, in the lottery’s time zone: today’s, or the next day’s for a submission that reached the draw just as it closed at midnight.
               * @example 2026-03-10
               */
              drawDate: string;
              /** @description The draw the ballots joined (all the ballots of a submission join the same draw): GET /api/v1/lotteries/{lotteryId}/draws/{drawDate} shows it. */
              drawId: number;
              /** @description The lottery the ballots were submitted to. */
              lotteryId: number;
              /** @description How many ballots were accepted: always the quantity asked for (a submission is accepted whole or not at all), and the length of `ballotIds`. */
              quantity: number;
              /** @description What the lottery signs for every accepted submission (docs/fairness.md, section 5). Keep it with its signature: with a draw’s inclusion proof it shows a ballot was sealed into the draw, and if it was not, it proves the ballot had been accepted. */
              receipt: {
                /** @description The accepted ballots’ numbers, ascending. Each one’s Merkle leaf hash follows from the lottery id, the draw date and the number alone (docs/fairness.md, section 6). */
                ballotIds: number[];
                /**
                 * Format: date
                 * @description The date of the draw the ballots joined.
                 * @example 2026-03-10
                 */
                drawDate: string;
                /** @description The lottery’s id. */
                lotteryId: number;
                /**
                 * Format: date-time
                 * @description When the ballots were accepted, exactly as signed (milliseconds, UTC, "Z").
                 * @example 2026-03-10T12:00:00.000Z
                 */
                submittedAt: string;
              };
              /** @description How the receipt is signed: receipts issued together share one signature over the root of their Merkle tree (docs/fairness.md, section 5). */
              signature: {
                /** @description How many receipts the lottery signed together with this one. */
                batchSize: number;
                /** @description Ed25519 signature of the batch’s size and Merkle root, base64url without padding; check it with the key of GET /api/v1/fairness/key. */
                ed25519: string;
                /** @description This receipt’s position among them. */
                index: number;
                /** @description The receipt’s inclusion proof in the batch’s Merkle tree (RFC 9162), from the receipt up. */
                path: string[];
              };
              /**
               * Format: date-time
               * @description When the ballots were accepted, the same for all of them (and the same instant as `receipt.submittedAt`).
               * @example 2026-03-10T12:00:00.000Z
               */
              submittedAt: string;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed (not an admin, or a cross-site request). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not found. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Conflicts with the current state. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The body must be JSON. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The Idempotency-Key was used for a different request. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/lotteries/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Cancel a lottery (admin)
     * @description No more ballots; today’s draw still closes at midnight with the ballots it has.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The cancelled lottery. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              cancelledAt: string | null;
              /**
               * Format: date-time
               * @description An instant, ISO 8601 in UTC.
               * @example 2026-03-10T12:00:00.000Z
               */
              createdAt: string;
              description: string | null;
              endsOn: string | null;
              id: number;
              /** @description Only when logged in: your ballots in today’s draw, and in all. */
              myBallots?: {
                today: number;
                total: number;
              };
              name: string;
              /**
               * Format: date
               * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
               * @example 2026-03-10
               */
              startsOn: string;
              /** @enum {unknown} */
              status: 'upcoming' | 'open' | 'finished' | 'cancelled';
              /** @example Europe/Paris */
              timeZone: string;
              today: {
                ballotCount: number;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                closesAt: string;
                /**
                 * Format: date
                 * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
                 * @example 2026-03-10
                 */
                date: string;
                drawId: number;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                opensAt: string;
              } | null;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed (not an admin, or a cross-site request). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not found. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Conflicts with the current state. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/lotteries/{id}/draws': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * A lottery’s draws
     * @description Newest first (including tomorrow’s, whose commitment is already public).
     */
    get: {
      parameters: {
        query?: {
          /**
           * @description The `next` of the previous page.
           * @example 2026-03-10
           */
          before?: string;
          limit?: number;
        };
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of draws. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              draws: {
                /** @description The sealed count once drawn, the count so far before. */
                ballotCount: number;
                closedAt: string | null;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                closesAt: string;
                /**
                 * Format: date
                 * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
                 * @example 2026-03-10
                 */
                date: string;
                drawnAt: string | null;
                id: number;
                lotteryId: number;
                lotteryName: string;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                opensAt: string;
                /**
                 * @description upcoming before its day; open during it; closed from its midnight; drawn once the winner is known.
                 * @enum {unknown}
                 */
                status: 'upcoming' | 'open' | 'closed' | 'drawn';
                winningBallot: {
                  id: number;
                  username: string;
                } | null;
              }[];
              next: string | null;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not found. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/lotteries/{id}/draws/{date}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * One draw, with its fairness record
     * @description The seed is revealed only once the draw is drawn.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /**
           * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
           * @example 2026-03-10
           */
          date: string;
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The draw. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The sealed count once drawn, the count so far before. */
              ballotCount: number;
              closedAt: string | null;
              /**
               * Format: date-time
               * @description An instant, ISO 8601 in UTC.
               * @example 2026-03-10T12:00:00.000Z
               */
              closesAt: string;
              /**
               * Format: date
               * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
               * @example 2026-03-10
               */
              date: string;
              drawnAt: string | null;
              /** @description The draw record: what anyone needs to check that the draw was fair (docs/fairness.md, section 9). Fields appear as they become public. */
              fairness: {
                beacon?: {
                  /** @description SHA-256 of the signature, hex. */
                  randomness: string;
                  round: number;
                  /** @description BLS12-381 G1 signature of the round, hex. */
                  signature: string;
                } | null;
                beaconRandomness?: string | null;
                beaconRound: number | null;
                beaconSignature?: string | null;
                /** @description Published before the draw opens: hides the seed. */
                commitment: string;
                /** @description From the close on: how many ballots were sealed. */
                count?: number;
                /** @description From the close on: the Merkle root sealing the ballots. */
                merkleRoot?: string;
                prevRecordHash: string | null;
                /** @description This draw’s opening record hash. */
                recordHash: string;
                /** @description Revealed only once drawn. */
                seed?: string;
                /** @description The protocol version: 1 is lottery-fair-v1. */
                version: number;
                winningBallotId?: number | null;
                winningIndex?: number | null;
              };
              id: number;
              lotteryId: number;
              lotteryName: string;
              /**
               * Format: date-time
               * @description An instant, ISO 8601 in UTC.
               * @example 2026-03-10T12:00:00.000Z
               */
              opensAt: string;
              /**
               * @description upcoming before its day; open during it; closed from its midnight; drawn once the winner is known.
               * @enum {unknown}
               */
              status: 'upcoming' | 'open' | 'closed' | 'drawn';
              timeZone: string;
              winningBallot: {
                id: number;
                username: string;
              } | null;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not found. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/lotteries/{id}/draws/{date}/ballots': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The sealed ballots of a draw
     * @description Every ballot sealed into the draw, in canonical order (ascending id), with its Merkle leaf hash; a page at a time. Available from the close on. The whole list in one response: the .ndjson address. Answers 409 until the draw’s ballots are sealed at its close (with Retry-After while they are being sealed).
     */
    get: {
      parameters: {
        query?: {
          /** @description The `next` of the previous page: the ballots after this one. */
          after?: number;
          limit?: number;
        };
        header?: never;
        path: {
          /**
           * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
           * @example 2026-03-10
           */
          date: string;
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of the sealed ballots. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description In canonical order (ascending ballot id): the leaves of the sealed tree. */
              ballots: {
                /** @description The ballot’s number. */
                ballotId: number;
                /** @description Its Merkle leaf hash. */
                leafHash: string;
              }[];
              next: number | null;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not found. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Conflicts with the current state. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/lotteries/{id}/draws/{date}/ballots.ndjson': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The sealed ballots of a draw, all in one stream
     * @description Newline-delimited JSON: one {"ballotId", "leafHash"} object per line, every sealed ballot in canonical order; what `lottery verify` reads. Streamed from the database as it is sent. Answers 409 until the draw’s ballots are sealed at its close (with Retry-After while they are being sealed). A whole list reads and hashes every ballot of the draw, and a proof a page of up to 65,536 of them, so each client address may have 2 such requests running at once and the instance 4 (HEAVY_READS_PER_CLIENT, HEAVY_READS_TOTAL): more are refused with 429, or 503 when the instance is full, both with Retry-After.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /**
           * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
           * @example 2026-03-10
           */
          date: string;
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The sealed ballots, one JSON object per line. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/x-ndjson': {
              /** @description The ballot’s number. */
              ballotId: number;
              /** @description Its Merkle leaf hash. */
              leafHash: string;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not found. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Conflicts with the current state. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many attempts; see Retry-After. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Temporarily unavailable; see Retry-After. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who am I */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description You. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /**
               * Format: date-time
               * @description An instant, ISO 8601 in UTC.
               * @example 2026-03-10T12:00:00.000Z
               */
              createdAt: string;
              id: number;
              /** @enum {unknown} */
              role: 'participant' | 'admin';
              username: string;
            };
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/ballots': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List my ballots
     * @description Newest first, with whether each won; a page at a time.
     */
    get: {
      parameters: {
        query?: {
          /** @description The `next` of the previous page. */
          before?: number;
          /**
           * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
           * @example 2026-03-10
           */
          date?: string;
          limit?: number;
          lotteryId?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of your ballots. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              ballots: {
                /**
                 * Format: date
                 * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
                 * @example 2026-03-10
                 */
                drawDate: string;
                drawId: number;
                /**
                 * @description upcoming before its day; open during it; closed from its midnight; drawn once the winner is known.
                 * @enum {unknown}
                 */
                drawStatus: 'upcoming' | 'open' | 'closed' | 'drawn';
                id: number;
                lotteryId: number;
                lotteryName: string;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                submittedAt: string;
                won: boolean;
              }[];
              next: number | null;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/draws': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List my ballots draw by draw
     * @description The draws you have ballots in, the one you played last first: how many ballots you hold in each, their numbers as ranges, and whether you won. A page at a time.
     */
    get: {
      parameters: {
        query?: {
          /** @description The `next` of the previous page. */
          before?: number;
          /**
           * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
           * @example 2026-03-10
           */
          date?: string;
          limit?: number;
          lotteryId?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of your draws. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              draws: {
                /** @description How many ballots you hold in this draw. */
                ballots: number;
                /**
                 * Format: date
                 * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
                 * @example 2026-03-10
                 */
                date: string;
                /** @description How many ballots the draw holds: sealed once closed, so far before. */
                drawBallots: number;
                drawId: number;
                /** @description Your lowest ballot number in it. */
                firstId: number;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                firstSubmittedAt: string;
                /** @description Your highest ballot number in it. */
                lastId: number;
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                lastSubmittedAt: string;
                lotteryId: number;
                lotteryName: string;
                /** @description Your first ranges of ballot numbers, ascending. */
                ranges: {
                  first: number;
                  last: number;
                }[];
                rangesNext: number | null;
                /**
                 * @description upcoming before its day; open during it; closed from its midnight; drawn once the winner is known.
                 * @enum {unknown}
                 */
                status: 'upcoming' | 'open' | 'closed' | 'drawn';
                wonWith: number | null;
              }[];
              next: number | null;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/draws/{drawId}/ranges': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * My ballot numbers in a draw, as ranges
     * @description Ascending, a page at a time; none for a draw you have no ballots in.
     */
    get: {
      parameters: {
        query?: {
          /** @description The first ballot number to look from (the `rangesNext` you were given). */
          from?: number;
          limit?: number;
        };
        header?: never;
        path: {
          drawId: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description A page of your ranges. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              next: number | null;
              ranges: {
                first: number;
                last: number;
              }[];
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Change my password
     * @description Also ends all your other sessions and revokes all your API tokens (this session stays logged in), and says how many. Another instance of the service may still accept an ended session or revoked token for up to CREDENTIAL_CACHE_MS (docs/configuration.md).
     */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            currentPassword: string;
            /** @description 8–128 characters, not one of the most common passwords, not the username. */
            newPassword: string;
          };
        };
      };
      responses: {
        /** @description Changed; what ended with the old password. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description How many of your other sessions ended (all of them; a change made from a session keeps that one). */
              sessionsEnded: number;
              /** @description How many of your API tokens were revoked (all of them). */
              tokensRevoked: number;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed (not an admin, or a cross-site request). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The body must be JSON. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many attempts; see Retry-After. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/wins': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * My wins not dismissed yet
     * @description The draws you won since you last dismissed this notice (since you joined, if never), newest first.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Your wins to tell you about. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Newest first; at most 20 (GET /me/ballots lists every ballot, wins marked). */
              wins: {
                /** @description How many ballots the draw held. */
                ballotCount: number;
                /** @description Your winning ballot. */
                ballotId: number;
                /**
                 * Format: date
                 * @description A calendar day, YYYY-MM-DD, in the lottery’s time zone.
                 * @example 2026-03-10
                 */
                date: string;
                drawId: number;
                /**
                 * Format: date-time
                 * @description When the winner was picked: pass the newest as `through` to dismiss.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                drawnAt: string;
                lotteryId: number;
                lotteryName: string;
              }[];
            };
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me/wins/dismiss': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Dismiss the notice of my wins
     * @description Up to the win you were shown last; later wins still show.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /**
             * Format: date-time
             * @description The `drawnAt` of the newest win you were shown: it and older ones are dismissed, any drawn later still shows.
             * @example 2026-03-10T12:00:00.000Z
             */
            through: string;
          };
        };
      };
      responses: {
        /** @description Dismissed. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed (not an admin, or a cross-site request). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The body must be JSON. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/participants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Register
     * @description Creates an account. Log in afterwards with POST /sessions.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description 8–128 characters, not one of the most common passwords, not the username. */
            password: string;
            /** @description 3–32 letters, digits, "_", "-" or "."; unique ignoring case. */
            username: string;
          };
        };
      };
      responses: {
        /** @description The new account. */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /**
               * Format: date-time
               * @description An instant, ISO 8601 in UTC.
               * @example 2026-03-10T12:00:00.000Z
               */
              createdAt: string;
              id: number;
              /** @enum {unknown} */
              role: 'participant' | 'admin';
              username: string;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed (not an admin, or a cross-site request). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Conflicts with the current state. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The body must be JSON. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many attempts; see Retry-After. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sessions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Log in
     * @description Starts a session and sets it in an HttpOnly cookie. Unknown usernames and wrong passwords get the same answer (401). An address that keeps failing is refused for a while (429 with Retry-After, the password not checked): 10 failures per account per 15 minutes (3 while the account is under guard, after 100 failures from all addresses in the hour), 50 per hour across accounts. A correct password from an address that has not been failing is never refused.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            password: string;
            username: string;
          };
        };
      };
      responses: {
        /** @description Logged in; the session cookie is set. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              participant: {
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                createdAt: string;
                id: number;
                /** @enum {unknown} */
                role: 'participant' | 'admin';
                username: string;
              };
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed (not an admin, or a cross-site request). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The body must be JSON. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Too many attempts; see Retry-After. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sessions/current': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Who is logged in
     * @description The participant of the session cookie or bearer token sent, or null for an anonymous caller: 200 either way, so that a page can ask without it being an error. GET /me is the same for callers who must be logged in (401 otherwise).
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The caller, or null. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              participant: {
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                createdAt: string;
                id: number;
                /** @enum {unknown} */
                role: 'participant' | 'admin';
                username: string;
              } | null;
            };
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    /**
     * Log out
     * @description Ends the current session (if any) and clears its cookie.
     */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Logged out. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Not allowed (not an admin, or a cross-site request). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List my API tokens
     * @description The tokens that still work, without their secrets.
     */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Your tokens. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              tokens: {
                /**
                 * Format: date-time
                 * @description An instant, ISO 8601 in UTC.
                 * @example 2026-03-10T12:00:00.000Z
                 */
                createdAt: string;
                id: number;
                lastUsedAt: string | null;
                name: string | null;
              }[];
            };
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    /**
     * Create an API token
     * @description Returns the secret once. Only a logged-in session may create tokens (a token cannot mint more).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description A label to recognise it by. */
            name?: string;
          };
        };
      };
      responses: {
        /** @description The token, with its secret. */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /**
               * Format: date-time
               * @description An instant, ISO 8601 in UTC.
               * @example 2026-03-10T12:00:00.000Z
               */
              createdAt: string;
              id: number;
              lastUsedAt: string | null;
              name: string | null;
              /** @description The secret, shown only this once. Send it as "Authorization: Bearer <token>". */
              token: string;
            };
          };
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed (not an admin, or a cross-site request). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description The body must be JSON. */
        415: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tokens/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Revoke one of my API tokens */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: number;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Revoked. */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description The input is not valid; `errors` says which fields to fix. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Log in first (session cookie or bearer token). */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not allowed (not an admin, or a cross-site request). */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
        /** @description Not found. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness: the process is up */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Alive. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {string} */
              status: 'ok';
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Readiness: the database answers and the service is not shutting down */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Ready for traffic. */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {string} */
              status: 'ready';
            };
          };
        };
        /** @description Temporarily unavailable; see Retry-After. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/problem+json': components['schemas']['Problem'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Problem: {
      /** @description A stable machine-readable code. */
      code: string;
      /** @description What went wrong this time, and what to do about it. */
      detail: string;
      errors?: {
        /** @description A JSON pointer to the input, e.g. /username. */
        field: string;
        /** @enum {unknown} */
        in?: 'query' | 'path' | 'header';
        message: string;
      }[];
      status: number;
      /** @description A short summary of the kind of problem. */
      title: string;
      /** @description Identifies the kind of problem: /problems/<code>. */
      type: string;
    } & {
      [key: string]: unknown;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
