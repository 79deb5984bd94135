/**
 * The baseline: a bare Fastify server, in its own process, that answers every GET and POST with
 * the same small JSON body. It parses JSON request bodies like the real server does, and does
 * nothing else: no database, no authentication, no logging. Every figure of the suite is
 * reported next to what this server does on the same machine in the same run.
 *
 * Listens on 127.0.0.1:$PORT (0 = any free port) and prints {"url": …} once listening.
 */
import Fastify from 'fastify';

const body = { ok: true, service: 'baseline', items: [1, 2, 3] };

const app = Fastify({ logger: false });
app.get('/*', async () => body);
app.post('/*', async (_request, reply) => reply.code(201).send(body));

const port = Number(process.env.PORT ?? 0);
await app.listen({ port, host: '127.0.0.1' });
const address = app.server.address();
const actual = typeof address === 'object' && address ? address.port : port;
process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${actual}` })}\n`);

const stop = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
