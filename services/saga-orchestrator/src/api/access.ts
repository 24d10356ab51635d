// Who may call the orchestrator's HTTP API (issue 15's role map), and which role works each team's
// queue of human tasks: in one place.
import { HttpStatus } from '@nestjs/common';
import { FORBIDDEN_PROBLEM, ProblemException, requireRole } from '@meridian/service-kit';
import type { Caller, Role } from '@meridian/service-kit';

/** Finding sagas and looking inside them. */
export const SAGA_READERS = [
  'sre-operator',
  'revenue-integrity',
  'admin',
] as const satisfies readonly Role[];

/** Sending a suspended saga's command again: an operator's remedy for an incident. */
export const SAGA_RETRIERS = ['sre-operator'] as const satisfies readonly Role[];

/** Cancelling (compensating) a saga undoes charges, claims and journals: revenue integrity's call. */
export const SAGA_CANCELLERS = ['revenue-integrity'] as const satisfies readonly Role[];

/**
 * Listing human tasks and completing them: every role that works a queue (and operators). Which
 * task a caller may complete is its team's role (`requireTeamRole`).
 */
export const TASK_WORKERS = [
  'coder',
  'revenue-integrity',
  'ap-clerk',
  'bed-manager',
  'supply-supervisor',
  'sre-operator',
] as const satisfies readonly Role[];

/**
 * The role that works each team's queue, for the teams the saga definitions give tasks to
 * (`workItem`, a wait step's task, a policy's owning team) and `coders` (CODING_REVIEW tasks).
 */
export const TEAM_ROLES: Readonly<Record<string, (typeof TASK_WORKERS)[number]>> = {
  coders: 'coder',
  'revenue-integrity': 'revenue-integrity',
  // An unknown payer is added to (or corrected in) the payer master, which revenue integrity keeps.
  'patient-financial-services': 'revenue-integrity',
  'supply-chain': 'supply-supervisor',
  'accounts-payable': 'ap-clerk',
};

/**
 * 403 problem+json unless `caller` holds the role of `team`'s queue; a team without a role here
 * (a definition's new team) is refused to everyone until it is given one.
 */
export function requireTeamRole(caller: Caller, team: string): void {
  const role = Object.hasOwn(TEAM_ROLES, team) ? TEAM_ROLES[team] : undefined;
  if (!role) {
    throw new ProblemException(HttpStatus.FORBIDDEN, {
      type: FORBIDDEN_PROBLEM,
      title: 'Forbidden',
      detail: `no role works the queue of team ${team}: its tasks cannot be completed until the orchestrator maps the team to a role`,
    });
  }
  requireRole(caller, role, `a task of the ${team} team`);
}
