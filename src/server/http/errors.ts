/**
 * Errors the API answers with. `message` is for users (French); `detail` is for operators
 * (English, logged, never shown to users).
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    /** French, shown to users. */
    readonly userMessage: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${userMessage}`);
  }
}

export const notFound = (what = 'Élément') =>
  new HttpError(404, 'not_found', `${what} introuvable.`);
/** A role refusal; `reason` is the policy's, in French ("Votre rôle ne permet pas de …"). */
export const forbidden = (reason = 'Votre rôle ne permet pas cette action.') =>
  new HttpError(403, 'forbidden', reason);
export const unauthenticated = () =>
  new HttpError(401, 'unauthenticated', 'Veuillez vous connecter.');
export const badRequest = (userMessage: string, extra: Record<string, unknown> = {}) =>
  new HttpError(400, 'invalid_input', userMessage, extra);
export const conflict = (code: string, userMessage: string, extra: Record<string, unknown> = {}) =>
  new HttpError(409, code, userMessage, extra);
