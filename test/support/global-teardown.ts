import { rmSync } from 'node:fs';
import { readServerInfo, removeServerInfo, SERVER_INFO_FILE } from './postgres-server';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __LEDGER_PG__?: { stop(): Promise<void> } }).__LEDGER_PG__;
  const info = readServerInfo();
  if (server) await server.stop();
  if (info.embedded) rmSync(info.embedded.dataDir, { recursive: true, force: true });
  removeServerInfo(SERVER_INFO_FILE);
}
