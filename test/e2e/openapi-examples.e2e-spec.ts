import type { OpenAPIObject, OperationObject, ParameterObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { startTestApp, TestApp, KEYS } from '../support/app';
import { bodyOf, ProblemBody } from '../support/bodies';

type Schema = SchemaObject | ReferenceObject;

/**
 * A value for a schema built only from the document's examples: an integrator's first request.
 * Every property must have an example (or be an object or array of objects that have them).
 */
function exampleOf(schema: Schema, schemas: Record<string, Schema>, where: string): unknown {
  if ('$ref' in schema) return exampleOf(schemas[schema.$ref.replace('#/components/schemas/', '')], schemas, where);
  if (schema.example !== undefined) return schema.example;
  // A described nested object: { description, allOf: [{ $ref }] }.
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => exampleOf(s, schemas, where) as object));
  if (schema.type === 'object' && schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties).map(([name, s]) => [name, exampleOf(s, schemas, `${where}.${name}`)]));
  }
  if (schema.type === 'array' && schema.items) return [exampleOf(schema.items, schemas, `${where}[0]`)];
  throw new Error(`${where} has no example`);
}

/** The document's examples pass the service's own validation: a request built from them is never a 400. */
describe('OpenAPI examples [sqlite]', () => {
  let t: TestApp;
  let doc: OpenAPIObject;
  const operations = (method: 'get' | 'post'): [string, OperationObject][] =>
    Object.entries(doc.paths)
      .filter(([, item]) => item[method])
      .map(([path, item]) => [path, item[method]!]);
  const urlOf = (path: string, op: OperationObject): string =>
    path.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(String(((op.parameters ?? []) as ParameterObject[]).find((p) => p.name === name)!.example)),
    );

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    doc = bodyOf<OpenAPIObject>(await t.http.get('/docs-json').expect(200));
  });
  afterAll(async () => t.close());

  it('every command accepts the body and path its examples make (the domain may still refuse it: 404, 409, 422)', async () => {
    const schemas = doc.components!.schemas!;
    const commands = operations('post');
    expect(commands.length).toBeGreaterThanOrEqual(14);
    for (const [path, op] of commands) {
      const schema = (op.requestBody as { content: Record<string, { schema: Schema }> }).content['application/json'].schema;
      const body = exampleOf(schema, schemas, `POST ${path}`);
      const res = await t.http
        .post(urlOf(path, op))
        .set('Authorization', `Bearer ${KEYS.admin}`)
        .send(body as object);
      // On a 400 the problem's `errors` say which example the service refused.
      expect({ path, refused: res.status === 400 ? bodyOf<ProblemBody>(res) : false }).toEqual({ path, refused: false });
      expect(res.status).toBeLessThan(500);
    }
  });

  it('every read accepts the path its examples make', async () => {
    const reads = operations('get').filter(
      ([path, op]) => path.includes('{') && !((op.parameters ?? []) as ParameterObject[]).some((p) => p.in === 'query' && p.required),
    );
    expect(reads.length).toBeGreaterThanOrEqual(8);
    for (const [path, op] of reads) {
      const res = await t.http.get(urlOf(path, op)).set('Authorization', `Bearer ${KEYS.admin}`);
      // On a 400 the problem's `errors` say which example the service refused.
      expect({ path, refused: res.status === 400 ? bodyOf<ProblemBody>(res) : false }).toEqual({ path, refused: false });
    }
  });

  it('the builder refuses a property without an example, so the tests above cannot pass on an empty body', () => {
    expect(() => exampleOf({ type: 'object', properties: { reason: { type: 'string' } } }, {}, 'X')).toThrow('X.reason has no example');
  });
});
