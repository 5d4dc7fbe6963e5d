import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './observability/logger';
import { createApp } from './app.factory';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee README.md "Configuration".\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  await app.listen(config.port, config.host);
  const where = config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL';
  logger.info(
    { host: config.host, port: config.port, store: config.database.kind, apiKeys: config.apiKeys.length },
    `ledger listening on ${config.host}:${config.port}, store ${where}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`ledger failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
