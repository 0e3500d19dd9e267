/**
 * Opening a session: a row keyed by the SHA-256 of a random token, and a cookie holding the token
 * itself. The cookie is not signed (ADR 0014): 256 random bits cannot be guessed, the database
 * holds only their hash, and any process on the database recognises them, after a restart too.
 * The CSRF token is the session row's, so it survives the same way.
 */
import type { FastifyReply } from 'fastify';
import { sessions } from '../../db/schema.js';
import type { Tx } from '../../db/database.js';
import type { Config } from '../config.js';
import { SESSION_COOKIE } from '../http/guard.js';
import { hashToken, newToken } from './tokens.js';

interface OpenedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Inserts a session (inside the write that opens it); the cookie is set once it has committed. */
export async function insertSession(
  tx: Tx,
  config: Config,
  userId: string,
  ip: string,
  userAgent: string | undefined,
): Promise<OpenedSession> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + config.sessionHours * 3600_000);
  await tx.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    csrfToken,
    expiresAt,
    ip,
    userAgent: userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

export function setSessionCookie(reply: FastifyReply, config: Config, session: OpenedSession) {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: config.publicUrl.startsWith('https://'),
    expires: session.expiresAt,
  });
}
