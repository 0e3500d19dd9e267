/** The length every password needs (the web form checks it before sending, the API again). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
