import { removeServerInfo, SERVER_INFO_FILE } from './postgres-server';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __LEDGER_PG__?: { stop(): Promise<void> } }).__LEDGER_PG__;
  if (server) await server.stop();
  removeServerInfo(SERVER_INFO_FILE);
}
