/** SMPP_URL and SMPP_SOURCE_ADDR (ADR 0032): optional, checked at start without echoing secrets. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';

describe('SMS configuration', () => {
  it('is optional: without SMPP_URL, SMS wait in their outbox', () => {
    expect(loadConfig({})).toMatchObject({ smppUrl: null, smppSourceAddr: 'Convivial' });
  });

  it('reads the SMPP account and the sender', () => {
    expect(
      loadConfig({
        SMPP_URL: 'smpp://convivialite:s3cr%40t@smpp.example.fr:2775',
        SMPP_SOURCE_ADDR: '+33 6 12 34 56 78',
      }),
    ).toMatchObject({
      smppUrl: 'smpp://convivialite:s3cr%40t@smpp.example.fr:2775',
      smppSourceAddr: '+33 6 12 34 56 78',
    });
    expect(loadConfig({ SMPP_URL: 'ssmpp://a:b@smpp.example.fr' }).smppUrl).toBe(
      'ssmpp://a:b@smpp.example.fr',
    );
  });

  it('refuses a URL without its account, saying the form expected and not the password', () => {
    for (const url of [
      'smpp://smpp.example.fr:2775',
      'http://a:hunter2@x:1',
      'smpp://a:hunter2@',
    ]) {
      let message = '';
      try {
        loadConfig({ SMPP_URL: url });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/SMPP_URL must read smpp:\/\/system_id:password@host:port/);
      expect(message).not.toContain('hunter2');
    }
  });
});
