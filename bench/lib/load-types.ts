/** One request of a load run; every connection cycles through the whole list. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  /** Origin of the server under load, e.g. http://127.0.0.1:41234. */
  url: string;
  connections: number;
  durationS: number;
  /** Seconds of load before the measurement, thrown away. */
  warmupS: number;
  requests: LoadRequest[];
  /** A request taking longer than this counts as a timeout. */
  timeoutS?: number;
}

export interface LoadResult {
  durationS: number;
  connections: number;
  /** Wall-clock time (Date.now()) when the measured part began and ended. */
  startedAt: number;
  endedAt: number;
  /** Every response, whatever its status. */
  responses: number;
  /** 2xx responses. */
  ok: number;
  okPerS: number;
  responsesPerS: number;
  /** Connection errors (refused, reset…). */
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCounts: Record<string, number>;
  firstError: string | null;
  /** Latency of 2xx responses, in milliseconds, with sub-millisecond resolution. */
  latencyMs: { p50: number; p90: number; p99: number; max: number; samples: number };
  bytesPerS: number;
  /** CPU seconds the generator used per second of load: near 1 means it was the bottleneck. */
  generatorCpu: number;
}
