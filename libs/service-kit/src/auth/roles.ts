/**
 * The platform's roles: realm roles of the identity provider (deploy/local/keycloak/meridian-realm.json
 * declares the same), carried in the access token (OIDC_ROLES_CLAIM). A route names the roles that
 * may call it (`@Authorize`); there is no role that passes everywhere.
 */
export const MERIDIAN_ROLES = [
  'coder',
  'revenue-integrity',
  'ap-clerk',
  'supply-tech',
  'supply-supervisor',
  'bed-manager',
  'sre-operator',
  'phi-reader',
  'interface',
  'admin',
] as const;

export type Role = (typeof MERIDIAN_ROLES)[number];

/** Reading raw HL7 v2 or FHIR payloads (PHI) takes this role, on top of the route's own. */
export const PHI_READER: Role = 'phi-reader';
