import { describe, expect, it } from 'vitest';
import { chromiumExecutable } from './chromium.js';

describe('the Chromium the browser tests need', () => {
  it('is refused with what to install when it is missing, and no stack trace', () => {
    let caught: unknown;
    try {
      chromiumExecutable('/nonexistent/bin/chromium');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    const error = caught as Error;
    expect(error.message).toContain('/nonexistent/bin/chromium not found');
    expect(error.message).toContain('apt-get install -y chromium');
    expect(error.stack).not.toMatch(/\n\s+at /);
  });

  it('is a file that can be run', () => {
    // Node itself stands for an installed browser: present and executable.
    expect(chromiumExecutable(process.execPath)).toBe(process.execPath);
    // A file that exists but cannot be run is refused too.
    expect(() => chromiumExecutable(new URL(import.meta.url).pathname)).toThrow(/apt-get install/);
  });
});
