import type { FastifyReply } from 'fastify';

/** A response body serialised by its route's schema (`reply.serialize`). */
export type SerializedBody = ReturnType<FastifyReply['serialize']>;

/** Sends a body already serialised, as JSON, without serialising it again. */
export const sendSerialized = (reply: FastifyReply, body: SerializedBody): FastifyReply =>
  reply.type('application/json; charset=utf-8').send(body);
