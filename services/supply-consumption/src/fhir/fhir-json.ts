// Reading an untrusted FHIR R4 resource element by element, each problem named by its FHIRPath
// expression (`Procedure.focalDevice[0].manipulated`), collected so one answer names them all.
import type { FieldError } from '@meridian/service-kit';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string with content, trimmed; undefined for anything else. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The elements of a repeating element (anything else reads as none). */
export function elements(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A resource contained in another one, reached by a `#id` reference, with its FHIRPath. */
export interface ContainedResource {
  readonly resource: JsonObject;
  readonly path: string;
}

/** The problems found, as field errors whose field is the FHIRPath of the element. */
export class FhirPathIssues {
  readonly errors: FieldError[] = [];

  add(expression: string, message: string): undefined {
    this.errors.push({ field: expression, message });
    return undefined;
  }
}

/** The contained resources of `resource` (rooted at `root`, e.g. `Procedure`) by id. */
export function containedById(resource: JsonObject, root: string): Map<string, ContainedResource> {
  const byId = new Map<string, ContainedResource>();
  elements(resource['contained']).forEach((contained, index) => {
    const id = isObject(contained) ? stringOf(contained['id']) : undefined;
    if (isObject(contained) && id !== undefined) {
      byId.set(id, { resource: contained, path: `${root}.contained[${index}]` });
    }
  });
  return byId;
}

/** The contained resource of `type` a Reference's `#id` names, if it names one. */
export function containedTarget(
  reference: unknown,
  contained: ReadonlyMap<string, ContainedResource>,
  type: string,
): ContainedResource | undefined {
  const ref = isObject(reference) ? stringOf(reference['reference']) : undefined;
  const target = ref?.startsWith('#') ? contained.get(ref.slice(1)) : undefined;
  return target?.resource['resourceType'] === type ? target : undefined;
}
