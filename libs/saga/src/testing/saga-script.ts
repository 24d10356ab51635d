// Given/expect scripts for saga definitions, in memory (after Eventuate Tram's saga unit tests):
//
//   givenSaga(dischargeToRevenue)
//     .started(discharge)
//     .expectCommand(ReleaseBed)
//     .whenSucceeded()
//     .expectCommand(FinalizeCharges, (c) => assert.equal(c.encounterId, 'E-1'))
//     .whenRejected('CHARGE_CODE_NOT_FOUND', { unitId: '7N' })
//     .expectStatus('WAITING')
//     .expectTask({ type: 'CHARGEMASTER_ENTRY_MISSING', team: 'revenue-integrity' })
//     .whenTaskCompleted('retry')
//     .expectCommand(FinalizeCharges);
//
// Each `when` runs the pure state machine (`decide`); the script plays the engine's part for the
// effects: it numbers the commands sent, arms the timers (a `whenTimerFires` moves the clock to
// the timer) and keeps the tasks opened.
import assert from 'node:assert/strict';
import type { RecordContract, RecordOf } from '@meridian/contracts';
import {
  decide,
  initialState,
  type Effect,
  type SagaEvent,
  type TaskToOpen,
} from '../decide/decide.js';
import type { RegisteredSaga, SagaData } from '../definition.js';
import type {
  SagaFailure,
  SagaState,
  SagaStatus,
  TaskAction,
  TimerKind,
  TimerRef,
} from '../state.js';

type Sent = Extract<Effect, { type: 'send' }> & { readonly commandId: string };

export class SagaScript {
  private state: SagaState = initialState();
  private now = new Date('2026-01-05T08:00:00Z');
  private effects: readonly Effect[] = [];
  private readonly sent: Sent[] = [];
  private readonly timers: { timer: TimerRef; dueAt: number }[] = [];
  private readonly tasks: TaskToOpen[] = [];
  private ids = 0;

  constructor(private readonly definition: RegisteredSaga) {}

  /** The saga's state now (for assertions the expectations do not cover). */
  get current(): SagaState {
    return this.state;
  }

  /** The trigger message arrives. */
  started(trigger: unknown): this {
    return this.when({ type: 'start', data: this.definition.trigger.data(trigger) });
  }

  /** The last command sent succeeds with `result` as the reply's fields. */
  whenSucceeded(result: object = {}): this {
    return this.reply(true, result, null);
  }

  /** The last command is rejected by its participant (a business rejection, not retriable). */
  whenRejected(code: string, details: Record<string, string> = {}, retriable = false): this {
    return this.reply(false, {}, { code, message: `rejected: ${code}`, retriable, details });
  }

  /** A reply to the command sent `back` commands ago (0: the last one), e.g. a late answer. */
  whenEarlierAttemptSucceeds(back: number, result: object = {}): this {
    const command = this.sent.at(-1 - back);
    assert.ok(command, `no command was sent ${back} commands ago`);
    return this.replyTo(command, true, result, null);
  }

  /** The armed timer of `kind` for where the saga stands fires (the clock moves to it). */
  whenTimerFires(kind: TimerKind): this {
    const armed = this.timers.findLast(
      (t) =>
        t.timer.kind === kind &&
        t.timer.stepIndex === this.state.stepIndex &&
        t.timer.direction === this.state.direction &&
        t.timer.attempt === this.state.attempt,
    );
    assert.ok(
      armed,
      `no ${kind} timer armed at step ${this.state.stepIndex}; armed: ${this.armedKinds()}`,
    );
    this.now = new Date(Math.max(this.now.getTime(), armed.dueAt));
    return this.when({ type: 'timer', timer: armed.timer });
  }

  /** The reply timeout fires, then each retry, until the step's attempts are used up. */
  whenEveryAttemptTimesOut(): this {
    this.whenTimerFires('reply-timeout');
    while (this.timers.at(-1)?.timer.kind === 'retry' && this.state.status !== 'SUSPENDED')
      this.whenTimerFires('retry').whenTimerFires('reply-timeout');
    return this;
  }

  whenTaskCompleted(action: TaskAction | null, input: SagaData = {}): this {
    const stepName = this.definition.steps[this.state.stepIndex]?.name ?? '(end)';
    return this.when({ type: 'task-completed', stepName, action, input });
  }

  whenCancelled(): this {
    return this.when({ type: 'cancel' });
  }

  whenOperatorRetries(): this {
    return this.when({ type: 'retry' });
  }

  /** The last transition sent `command`; `check` sees its body. */
  expectCommand<K extends RecordContract<unknown>>(
    command: K,
    check?: (body: Partial<RecordOf<K>>) => void,
  ): this {
    const sends = this.effects.filter((e) => e.type === 'send');
    const names = sends.map((s) => s.invocation.command.fullName);
    assert.deepEqual(names, [command.fullName], `expected ${command.fullName} to be sent`);
    check?.((this.sent.at(-1) as Sent).body as Partial<RecordOf<K>>);
    return this;
  }

  /** The last transition sent nothing. */
  expectNoCommand(): this {
    const names = this.effects.flatMap((e) =>
      e.type === 'send' ? [e.invocation.command.fullName] : [],
    );
    assert.deepEqual(names, [], 'expected no command');
    return this;
  }

  expectStatus(status: SagaStatus, step?: string): this {
    assert.equal(this.state.status, status, `status (history: ${this.lastEvents()})`);
    if (step !== undefined) assert.equal(this.definition.steps[this.state.stepIndex]?.name, step);
    return this;
  }

  /** The last transition opened a task like `expected`. */
  expectTask(expected: Partial<TaskToOpen>): this {
    const opened = this.effects.flatMap((e) => (e.type === 'open-task' ? [e.task] : []));
    assert.equal(opened.length, 1, 'expected one task to be opened');
    assert.deepEqual({ ...opened[0], ...expected }, opened[0]);
    return this;
  }

  /** The saga data now holds `expected` (a subset). */
  expectData(expected: SagaData): this {
    assert.deepEqual({ ...this.state.data, ...expected }, this.state.data);
    return this;
  }

  private armedKinds(): string {
    return this.timers
      .map((t) => `${t.timer.kind}@${t.timer.stepIndex}/${t.timer.attempt}`)
      .join(', ');
  }

  private lastEvents(): string {
    return this.state.history
      .slice(-6)
      .map((h) => `${h.step}:${h.event}`)
      .join(' > ');
  }

  private reply(succeeded: boolean, result: object, failure: SagaFailure | null): this {
    const command = this.sent.at(-1);
    assert.ok(command, 'no command was sent to reply to');
    return this.replyTo(command, succeeded, result, failure);
  }

  private replyTo(
    command: Sent,
    succeeded: boolean,
    result: object,
    failure: SagaFailure | null,
  ): this {
    const step = this.definition.steps[command.stepIndex];
    return this.when({
      type: 'reply',
      stepName: step?.name ?? '(end)',
      commandMessageId: command.commandId,
      succeeded,
      failure,
      reply: { ...result, outcome: succeeded ? 'SUCCEEDED' : 'FAILED', failure },
    });
  }

  /** One event through `decide`, then the engine's part of its effects. */
  private when(event: SagaEvent): this {
    const decision = decide(this.definition, this.state, event, this.now);
    let state = decision.state;
    for (const effect of decision.effects) {
      if (effect.type === 'send') {
        const commandId = `command-${(this.ids += 1)}`;
        this.sent.push({ ...effect, commandId });
        const history = [...state.history];
        const last = history.at(-1);
        if (last?.event === 'command-sent') history[history.length - 1] = { ...last, commandId };
        state = { ...state, pendingCommandId: commandId, history };
      }
      if (effect.type === 'schedule')
        this.timers.push({ timer: effect.timer, dueAt: this.now.getTime() + effect.dueInMs });
      if (effect.type === 'open-task') this.tasks.push(effect.task);
    }
    this.state = state;
    this.effects = decision.effects;
    return this;
  }
}

/** A given/expect script over `definition`: `givenSaga(def).started(trigger).expectCommand(...)`. */
export function givenSaga(definition: RegisteredSaga): SagaScript {
  return new SagaScript(definition);
}
