import type { INestApplicationContext } from '@nestjs/common';
import type { Access } from '../auth';
import type { Caching } from '../http-cache';
import { routeTable } from '../route-table';

/** Who may call each operation, keyed by the document's operationId (`<Controller>_<method>`, the @nestjs/swagger default). */
export function routeAccess(app: INestApplicationContext): Map<string, Access> {
  return new Map(routeTable(app).map((r) => [r.operationId, r.access]));
}

/** How each operation's answers may be cached, by operationId. */
export function routeCaching(app: INestApplicationContext): Map<string, Caching> {
  return new Map(routeTable(app).map((r) => [r.operationId, r.caching]));
}

/** The line each operation's description ends with: who may call it. */
export const roleLine = (access: Access): string =>
  access.public
    ? 'Public: no API key needed.'
    : `Roles: ${['admin', ...access.roles.filter((r) => r !== 'admin')].join(', ')} (Authorization: Bearer <api key>).`;
