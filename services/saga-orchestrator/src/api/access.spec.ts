import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RegisteredSaga } from '@meridian/saga';
import { FORBIDDEN_PROBLEM, ProblemException } from '@meridian/service-kit';
import type { Caller, Role } from '@meridian/service-kit';
import { SAGA_DEFINITIONS } from '../sagas/index.js';
import { requireTeamRole, TASK_WORKERS, TEAM_ROLES } from './access.js';

/** Every team a definition gives tasks to: its policy's, its work items' and its wait steps'. */
function teamsOf(saga: RegisteredSaga): string[] {
  return [
    saga.policy.team,
    ...saga.steps.flatMap((step) =>
      step.kind === 'wait'
        ? step.task
          ? [step.task.team]
          : []
        : Object.values(step.rejections).flatMap((r) =>
            r.kind === 'work-item' ? [r.task.team] : [],
          ),
    ),
  ];
}

const caller = (...roles: Role[]): Caller => ({
  subject: 'a1b2',
  username: 'someone',
  clientId: 'meridian-cli',
  roles,
});

/** The problem `requireTeamRole` throws, or undefined when it lets the caller through. */
function refusal(who: Caller, team: string): ProblemException | undefined {
  try {
    requireTeamRole(who, team);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof ProblemException);
    return error;
  }
}

describe('human task access by team', () => {
  test('every team the saga definitions give tasks to has a role, and the route admits it', () => {
    const teams = new Set(SAGA_DEFINITIONS.flatMap(teamsOf));
    assert.deepEqual([...teams].sort(), [
      'accounts-payable',
      'patient-financial-services',
      'revenue-integrity',
      'supply-chain',
    ]);
    for (const team of teams) {
      const role = TEAM_ROLES[team];
      assert.ok(role, `team ${team} has no role`);
      assert.ok((TASK_WORKERS as readonly Role[]).includes(role), `${role} cannot reach the route`);
    }
  });

  test("lets a caller with the team's role through", () => {
    assert.equal(refusal(caller('ap-clerk'), 'accounts-payable'), undefined);
    assert.equal(refusal(caller('coder', 'supply-supervisor'), 'supply-chain'), undefined);
    assert.equal(refusal(caller('revenue-integrity'), 'patient-financial-services'), undefined);
  });

  test("refuses a caller without the team's role with 403 naming the role", () => {
    const problem = refusal(caller('coder', 'revenue-integrity'), 'accounts-payable');
    assert.equal(problem?.getStatus(), 403);
    assert.equal(problem?.problem.type, FORBIDDEN_PROBLEM);
    assert.deepEqual((problem?.problem as { requiredRoles?: unknown })?.requiredRoles, [
      'ap-clerk',
    ]);
    assert.match(problem?.problem.detail ?? '', /accounts-payable team takes the role ap-clerk/);
  });

  test('refuses every caller a task of a team without a role, also one inherited from Object', () => {
    const everyone = caller(...TASK_WORKERS, 'admin');
    for (const team of ['bed-management', 'constructor', 'toString']) {
      const problem = refusal(everyone, team);
      assert.equal(problem?.getStatus(), 403, team);
      assert.match(problem?.problem.detail ?? '', new RegExp(`team ${team}`));
    }
  });
});
