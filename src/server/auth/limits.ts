/**
 * The limits of the public auth routes (ADR 0014), counted in the database by `throttle.ts`.
 *
 * Sign-in failures within the window: per account from one address (the person who mistypes);
 * per account from anywhere (guesses spread over many addresses); per address on any account (one
 * address trying many accounts), high enough that people behind one shared address (an office, a
 * town hall) are not locked out by each other. Password-reset requests per hour: per address asked
 * for and per client address, counted whether or not the account exists.
 */
import type { FastifyReply } from 'fastify';
import type { Config } from '../config.js';
import { HttpError } from '../http/errors.js';
import type { Limit } from './throttle.js';

/** The key a successful sign-in clears: this account's failures from this address. */
export const accountAddressKey = (email: string, ip: string) =>
  `login:account-address:${email}|${ip}`;

export function signInLimits(config: Config, email: string, ip: string): Limit[] {
  const windowSeconds = config.loginWindowMinutes * 60;
  return [
    { key: accountAddressKey(email, ip), max: config.loginMaxFailures, windowSeconds },
    { key: `login:account:${email}`, max: config.loginMaxFailuresPerAccount, windowSeconds },
    { key: `login:address:${ip}`, max: config.loginMaxFailuresPerAddress, windowSeconds },
  ];
}

export function resetLimits(config: Config, email: string, ip: string): Limit[] {
  return [
    { key: `reset:email:${email}`, max: config.resetMaxPerEmail, windowSeconds: 3600 },
    { key: `reset:address:${ip}`, max: config.resetMaxPerAddress, windowSeconds: 3600 },
  ];
}

/** The limit's kind, for the operators' log (never the address or e-mail it counts). */
export const limitKind = (key: string) => key.split(':', 2).join(':');

const inMinutes = (seconds: number) => {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return minutes === 1 ? 'une minute' : `${minutes} minutes`;
};

/** A 429 with Retry-After and a French message saying how long to wait. */
export function tooManyAttempts(
  reply: FastifyReply,
  retryAfterSeconds: number,
  what: 'sign-in' | 'reset',
) {
  reply.header('retry-after', String(retryAfterSeconds));
  const wait = inMinutes(retryAfterSeconds);
  return new HttpError(
    429,
    'too_many_attempts',
    what === 'sign-in'
      ? `Trop de tentatives de connexion. Par sécurité, réessayez dans ${wait}, ou réinitialisez votre mot de passe.`
      : `Trop de demandes de réinitialisation. Par sécurité, réessayez dans ${wait}.`,
    { retryAfterSeconds },
  );
}
