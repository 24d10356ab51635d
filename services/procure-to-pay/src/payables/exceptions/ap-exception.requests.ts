// `POST /ap/exceptions/:exceptionId/reject`: the AP clerk's optional note. Who rejects is the caller
// of the bearer token, so a body naming `resolvedBy` is refused rather than ignored.
import { actorFieldRefused, InvalidRequestException } from '@meridian/service-kit';
import type { FieldError } from '@meridian/service-kit';

export const NOTE_MAX = 500;

export interface RejectionInput {
  /** The clerk's note (no patient identifiers); null when none. */
  readonly note: string | null;
}

/** The body (absent, or an object with at most `note`), else a 400 naming every bad field. */
export function readRejection(body: unknown): RejectionInput {
  if (body === undefined || body === null || body === '') return { note: null };
  if (typeof body !== 'object' || Array.isArray(body))
    throw new InvalidRequestException([{ field: '(body)', message: 'must be a JSON object' }]);
  const errors: FieldError[] = [];
  let note: string | null = null;
  for (const [field, value] of Object.entries(body)) {
    if (field === 'note') {
      if (value === null) continue;
      if (typeof value !== 'string' || value.trim() === '' || value.length > NOTE_MAX)
        errors.push({
          field,
          message: `must be a non-blank text of at most ${NOTE_MAX} characters`,
        });
      else note = value.trim();
    } else if (field === 'resolvedBy') {
      errors.push(actorFieldRefused(field));
    } else {
      errors.push({ field, message: 'is not a field of a rejection' });
    }
  }
  if (errors.length > 0) throw new InvalidRequestException(errors);
  return { note };
}
