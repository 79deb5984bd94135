import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/**
 * A hand-driven HTTP/1.1 client over a plain TCP socket, for what ordinary clients smooth over:
 * bodies that trickle in, uploads refused half-way, connections refused outright. Every wait is
 * for an event (bytes, the end of the connection), never for a length of time.
 */
export class RawClient {
  private received = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  /** The socket's error, if it had one (ECONNRESET, EPIPE…). */
  error: (Error & { code?: string }) | undefined;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.wake();
    });
    socket.on('error', (error) => (this.error ??= error));
    this.closed = once(socket, 'close').then(() => this.wake());
  }

  static async connect(url: string): Promise<RawClient> {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    const client = new RawClient(socket);
    await once(socket, 'connect');
    return client;
  }

  private wake() {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Everything received so far, as text. */
  get text(): string {
    return this.received.toString('latin1');
  }

  get isClosed(): boolean {
    return this.socket.closed;
  }

  /** Writes and resolves once the bytes are handed to the kernel (or rejects with its error). */
  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.write(data, (error) => (error ? reject(error) : resolve())),
    );
  }

  /** Waits until the received text satisfies `test`, or rejects when the connection ends first. */
  async until(test: (text: string) => boolean, what: string): Promise<string> {
    while (!test(this.text)) {
      if (this.isClosed) {
        throw new Error(
          `the connection closed before ${what}; received: ${this.text || '(nothing)'}`,
        );
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.text;
  }

  /** Waits for the server to end the connection; resolves to everything received. */
  async untilClosed(): Promise<string> {
    await this.closed;
    return this.text;
  }

  /** Stops reading from the socket (the kernel keeps what arrives), as a busy uploader does. */
  pauseReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    this.socket.resume();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The HTTP responses in `text`, in order (bodies framed by Content-Length). */
export const parseResponses = (text: string): RawResponse[] => {
  const responses: RawResponse[] = [];
  let rest = text;
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd < 0) break;
    const [statusLine = '', ...lines] = rest.slice(0, headEnd).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    const body = rest.slice(headEnd + 4, headEnd + 4 + length);
    responses.push({ status: Number(statusLine.split(' ')[1]), headers, body });
    rest = rest.slice(headEnd + 4 + length);
  }
  return responses;
};

/** A complete response (head and Content-Length body) is in `text`. */
export const hasResponse = (text: string, count = 1): boolean =>
  parseResponses(text).length >= count &&
  parseResponses(text).every((r) => r.body.length === Number(r.headers['content-length'] ?? 0));
