import type { FastifyReply } from 'fastify';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const HAL_CONTENT_TYPE = 'application/hal+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  413: 'Content Too Large',
  500: 'Internal Server Error',
};

/** An RFC 9457 problem detail: `type` names the kind of problem, `detail` this occurrence. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
}

export function problem(status: number, slug: string, detail: string, instance: string, title?: string): Problem {
  return { type: `urn:cbtest:problem:${slug}`, title: title ?? TITLES[status] ?? 'Error', status, detail, instance };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

export function sendHal(reply: FastifyReply, status: number, body: Record<string, unknown>): FastifyReply {
  return reply.code(status).type(HAL_CONTENT_TYPE).send(body);
}
