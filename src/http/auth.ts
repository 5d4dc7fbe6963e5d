import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest as Request } from 'fastify';
import { ApiKeyRecord, AppConfig, hashApiKey, Role } from '../config/config';
import { ProblemException } from './problem';
import { APP_CONFIG } from '../shared/di-tokens';
import type { Principal } from '../shared/access';

const ROLES_KEY = 'ledger:roles';
const PUBLIC_KEY = 'ledger:public';

/** Roles allowed on a route (admin is always allowed). Routes without @Roles or @Public are refused. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
/** A route anyone may call without a key (API.md: disclosure, checkpoints, proofs, health). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Who may call a handler: the one reading of @Public and @Roles, for the guard and the OpenAPI document (src/http/openapi/document.ts). */
export type Access = { readonly public: true } | { readonly public: false; readonly roles: readonly Role[] };

export function accessOf(reflector: Reflector, targets: Parameters<Reflector['getAllAndOverride']>[1]): Access {
  if (reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return { public: true };
  return { public: false, roles: reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [] };
}

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<Request & { principal?: Principal }>().principal,
);

/** Finds the key by comparing SHA-256 digests in constant time, over every key, so timing tells nothing. */
export function authenticate(keys: readonly ApiKeyRecord[], presented: string): ApiKeyRecord | undefined {
  const digest = hashApiKey(presented);
  let found: ApiKeyRecord | undefined;
  for (const k of keys) if (timingSafeEqual(k.hash, digest)) found = k;
  return found;
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const access = accessOf(this.reflector, [context.getHandler(), context.getClass()]);
    if (access.public) return true;
    const req = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([^\s]+)$/.exec(header) : null;
    const challenge = { 'WWW-Authenticate': 'Bearer realm="ledger"' };
    if (!match) throw new ProblemException(401, 'UNAUTHENTICATED', 'send Authorization: Bearer <api key>', undefined, challenge);
    const key = authenticate(this.config.apiKeys, match[1]);
    if (!key) throw new ProblemException(401, 'UNAUTHENTICATED', 'the API key is not known', undefined, challenge);
    req.principal = {
      id: key.id,
      role: key.role,
      regions: key.regions,
      ...(key.name ? { name: key.name } : {}),
      ...(key.organization ? { organization: key.organization } : {}),
    };
    if (key.role !== 'admin' && !access.roles.includes(key.role)) {
      throw new ProblemException(
        403,
        'FORBIDDEN',
        `role ${key.role} may not ${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`,
      );
    }
    return true;
  }
}
