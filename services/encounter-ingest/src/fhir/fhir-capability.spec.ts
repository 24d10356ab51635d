import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { capabilityStatement } from './fhir-capability.js';
import { EXAMPLE_ENCOUNTER, EXAMPLE_NOTIFICATION, EXAMPLE_TRANSACTION } from './fhir.examples.js';
import { planNotification } from './fhir-subscription.js';
import type { JsonObject } from './fhir-values.js';
import { structuralIssues } from './fhir-validation.js';

const valid = (resource: object): void =>
  assert.deepEqual(structuralIssues(resource as JsonObject), []);

describe('what the FHIR endpoint publishes about itself', () => {
  test('its CapabilityStatement is valid R4: an instance server for Encounter create and update', () => {
    const statement = capabilityStatement('1.2.3', '2026-12-05T01:00:00.000Z');
    valid(statement);
    assert.equal(statement.software?.version, '1.2.3');
    assert.deepEqual(statement.rest?.[0]?.resource?.[0]?.interaction, [
      { code: 'create' },
      { code: 'update' },
    ]);
  });

  test('its documented examples are valid R4, the notification an event-notification', () => {
    for (const example of [EXAMPLE_ENCOUNTER, EXAMPLE_TRANSACTION, EXAMPLE_NOTIFICATION])
      valid(example);
    const notification = planNotification(JSON.stringify(EXAMPLE_NOTIFICATION));
    assert.ok('type' in notification);
    assert.equal(notification.type, 'event-notification');
  });
});
