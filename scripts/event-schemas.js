#!/usr/bin/env node
/**
 * Generates events/event-schemas.json from the event types in events/ (the EventSchemas type of
 * events/event-schema.source.ts), with ts-json-schema-generator. The store guard validates every new
 * event against it; test/unit/event-schemas.spec.ts regenerates it and fails when the committed file
 * differs, so the types stay the one source. Run `npm run schemas` after changing an event type.
 */
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { createGenerator } = require('ts-json-schema-generator');

const ROOT = join(__dirname, '..');
const OUTPUT = join(ROOT, 'events', 'event-schemas.json');

function generateEventSchemas() {
  const schema = createGenerator({
    path: join(ROOT, 'events', 'event-schema.source.ts'),
    tsconfig: join(ROOT, 'tsconfig.json'),
    type: 'EventSchemas',
    // The type check is `npm run typecheck`; here only the shapes matter.
    skipTypeCheck: true,
    // An event carries exactly its declared fields: anything else is a malformed fact.
    additionalProperties: false,
    sortProps: true,
  }).createSchema('EventSchemas');
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(OUTPUT, generateEventSchemas());
  process.stdout.write(`wrote ${OUTPUT}\n`);
}

module.exports = { generateEventSchemas, OUTPUT };
