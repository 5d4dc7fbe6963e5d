import type { INestApplicationContext } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { accessOf, type Access } from '../auth';

/**
 * Who may call each operation, keyed by the document's operationId (`<Controller>_<method>`, the
 * @nestjs/swagger default), read with accessOf from the metadata the guard reads.
 */
export function routeAccess(app: INestApplicationContext): Map<string, Access> {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const access = new Map<string, Access>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const method of scanner.getAllMethodNames(prototype)) {
        const handler = prototype[method] as (...args: unknown[]) => unknown;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        access.set(`${controller.name}_${method}`, accessOf(reflector, [handler, controller]));
      }
    }
  }
  return access;
}

/** The line each operation's description ends with: who may call it. */
export const roleLine = (access: Access): string =>
  access.public
    ? 'Public: no API key needed.'
    : `Roles: ${['admin', ...access.roles.filter((r) => r !== 'admin')].join(', ')} (Authorization: Bearer <api key>).`;
