import { RequestMethod, type INestApplicationContext } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { accessOf, type Access } from './auth';
import { cachingOf, type Caching } from './http-cache';

/** One handler: who may call it and how its answers are cached, read from the metadata the guard reads. */
export interface RouteEntry {
  /** `<Controller>_<method>`, the operationId @nestjs/swagger gives it. */
  readonly operationId: string;
  readonly method: string;
  /** The route as Fastify knows it: `/v1/disclosure/projects/:projectId`. */
  readonly url: string;
  readonly access: Access;
  readonly caching: Caching;
}

/** The paths of a @Controller or a route decorator: one, or several. */
const pathsOf = (target: object): string[] => [(Reflect.getMetadata(PATH_METADATA, target) as string | string[] | undefined) ?? '/'].flat();
const joined = (...paths: string[]): string =>
  `/${paths
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`;

/** Every handler of every controller, as Nest registers them (no global prefix, no versioning in this service). */
export function routeTable(app: INestApplicationContext): RouteEntry[] {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const table: RouteEntry[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name] as (...args: unknown[]) => unknown;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const access = accessOf(reflector, [handler, controller]);
        const caching = cachingOf(reflector, [handler, controller], access);
        for (const prefix of pathsOf(controller))
          for (const path of pathsOf(handler))
            table.push({
              operationId: `${controller.name}_${name}`,
              method: RequestMethod[method],
              url: joined(prefix, path),
              access,
              caching,
            });
      }
    }
  }
  return table;
}
