/** Opens what the application needs (database, mailer, geocoder) from the configuration. */
import pino from 'pino';
import { openDatabase, type Database } from '../db/database.js';
import { createGeocoder } from '../geo/index.js';
import { createMailer } from './mail/mailer.js';
import { createSmppGateway } from './sms/gateway.js';
import type { Config } from './config.js';
import type { AppServices } from './http/context.js';

export async function openServices(config: Config): Promise<AppServices & { database: Database }> {
  const logger = pino({ level: config.logLevel });
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  return {
    database,
    db: database.db,
    config,
    mailer: createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom }, logger),
    geocoder: createGeocoder({ geocoder: config.geocoder, banUrl: config.banUrl }),
    // Connects on first use: a process that only serves HTTP never binds.
    sms: config.smppUrl
      ? createSmppGateway(
          { smppUrl: config.smppUrl, smppSourceAddr: config.smppSourceAddr },
          logger,
        )
      : null,
  };
}
