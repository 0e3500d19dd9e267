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
export const forbidden = () =>
  new HttpError(403, 'forbidden', 'Votre rôle ne permet pas cette action.');
export const unauthenticated = () =>
  new HttpError(401, 'unauthenticated', 'Veuillez vous connecter.');
export const badRequest = (userMessage: string, extra: Record<string, unknown> = {}) =>
  new HttpError(400, 'invalid_input', userMessage, extra);
export const conflict = (code: string, userMessage: string, extra: Record<string, unknown> = {}) =>
  new HttpError(409, code, userMessage, extra);
