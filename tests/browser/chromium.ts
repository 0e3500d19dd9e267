/**
 * Where the browser tests and `npm run bench:phone` find Debian's Chromium. On a machine without
 * it they stop with what to install, instead of Playwright's launch error and its stack trace.
 */
import { accessSync, constants } from 'node:fs';

const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_MISSING = (path: string) =>
  `Chromium is not installed (${path} not found). The browser tests and \`npm run bench:phone\` drive Debian's Chromium: install it with \`sudo apt-get install -y chromium\` (see README.md, "Development"), then run the tests again.`;

/** The Chromium executable to launch; throws the sentence above when it is missing. */
export function chromiumExecutable(path = CHROMIUM_PATH): string {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    const error = new Error(CHROMIUM_MISSING(path));
    // The sentence is the whole message: a stack trace into the test plumbing would only hide it.
    error.stack = `Error: ${error.message}`;
    throw error;
  }
}
