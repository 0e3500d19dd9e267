import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** 256 bits of randomness, URL-safe: session cookies, CSRF tokens, e-mailed links. */
export const newToken = () => randomBytes(32).toString('base64url');
/** Only hashes of tokens are stored: a leaked database does not give live sessions or links. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

// Argon2id with the library defaults (m=19 MiB, t=2, p=1: OWASP's minimum recommendation).
export const hashPassword = (password: string) => hash(password);
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal it. */
let dummyHash: Promise<string> | null = null;
export const dummyPasswordHash = () => (dummyHash ??= hash('not-a-real-password-for-timing'));
