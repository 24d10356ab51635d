/** The part of the HTTP response a handler sets the status of (201 created or 200 replaced). */
export interface StatusResponse {
  status(code: number): unknown;
}
