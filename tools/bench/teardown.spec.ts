import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { onTeardown, teardown } from './teardown.ts';

describe('teardown', () => {
  it('runs the registered steps latest first, each once, and goes on past a failing one', async () => {
    const ran: string[] = [];
    const lines: string[] = [];
    onTeardown('the stack', async () => {
      ran.push('stack');
    });
    onTeardown('the platform', async () => {
      ran.push('platform');
      throw new Error('already gone');
    });
    const stopFixture = onTeardown('the fixture', async () => {
      ran.push('fixture');
    });
    await stopFixture(); // the bench stops it itself: not again at teardown
    await teardown((line) => lines.push(line));
    await teardown((line) => lines.push(line));
    assert.deepEqual(ran, ['fixture', 'platform', 'stack']);
    assert.deepEqual(lines, ['teardown: the platform failed: already gone']);
  });

  it('lets a second caller wait for the teardown already running (a signal and the bench)', async () => {
    let release: () => void = () => undefined;
    const ran: string[] = [];
    onTeardown('the stack', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      ran.push('stack');
    });
    const first = teardown(() => undefined);
    let secondDone = false;
    const second = teardown(() => undefined).then(() => (secondDone = true));
    await Promise.resolve();
    assert.equal(secondDone, false);
    release();
    await Promise.all([first, second]);
    assert.deepEqual(ran, ['stack']);
  });
});
