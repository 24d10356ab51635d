import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GroupCommit } from './group-commit.js';

/** A write that records its groups and finishes when told to. */
function heldWrites() {
  const groups: number[][] = [];
  const finish: (() => void)[] = [];
  const write = (group: readonly number[]): Promise<(string | Promise<string>)[]> => {
    groups.push([...group]);
    return new Promise((resolve) =>
      finish.push(() => resolve(group.map((item) => `answer ${item}`))),
    );
  };
  return { groups, finish, write };
}

/** Lets the event loop run once (the first group starts after this turn's I/O callbacks). */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  test('writes what arrives while a group is being written as the next group, one write for all', async () => {
    const writes = heldWrites();
    const commit = new GroupCommit({ maxGroupSize: 100, maxInFlight: 1, write: writes.write });
    const first = commit.submit(1);
    await turn();
    assert.deepEqual(writes.groups, [[1]]);
    const next = [2, 3, 4].map((item) => commit.submit(item));
    await turn();
    assert.deepEqual(writes.groups, [[1]], 'no second write while the first is in flight');
    writes.finish[0]?.();
    assert.equal(await first, 'answer 1');
    await turn();
    assert.deepEqual(writes.groups, [[1], [2, 3, 4]]);
    writes.finish[1]?.();
    assert.deepEqual(await Promise.all(next), ['answer 2', 'answer 3', 'answer 4']);
  });

  test('with two groups in flight, starts a second group while the first is written, then waits for one to end', async () => {
    const writes = heldWrites();
    const commit = new GroupCommit({ maxGroupSize: 100, maxInFlight: 2, write: writes.write });
    const first = commit.submit(1);
    await turn();
    const second = commit.submit(2);
    await turn();
    assert.deepEqual(writes.groups, [[1], [2]], 'the second group did not wait for the first');
    const rest = [3, 4].map((item) => commit.submit(item));
    await turn();
    assert.deepEqual(writes.groups, [[1], [2]], 'no third group while two are in flight');
    writes.finish[1]?.();
    assert.equal(await second, 'answer 2');
    await turn();
    assert.deepEqual(writes.groups, [[1], [2], [3, 4]]);
    writes.finish[0]?.();
    writes.finish[2]?.();
    assert.deepEqual(await Promise.all([first, ...rest]), ['answer 1', 'answer 3', 'answer 4']);
  });

  test('puts items submitted in the same turn in one group, at most maxGroupSize', async () => {
    const writes = heldWrites();
    const sizes: number[] = [];
    const commit = new GroupCommit({
      maxGroupSize: 2,
      maxInFlight: 1,
      write: writes.write,
      onGroup: (size) => sizes.push(size),
    });
    const answers = Promise.all([1, 2, 3].map((item) => commit.submit(item)));
    await turn();
    writes.finish[0]?.();
    await turn();
    writes.finish[1]?.();
    assert.deepEqual(await answers, ['answer 1', 'answer 2', 'answer 3']);
    assert.deepEqual(writes.groups, [[1, 2], [3]]);
    assert.deepEqual(sizes, [2, 1]);
  });

  test("gives each item its own answer: one item's failure leaves the others answered", async () => {
    const commit = new GroupCommit<number, string>({
      maxGroupSize: 10,
      maxInFlight: 1,
      write: (group) =>
        Promise.resolve(
          group.map((item) =>
            item === 2 ? Promise.reject(new Error('item 2 refused')) : `answer ${item}`,
          ),
        ),
    });
    const [one, two, three] = await Promise.allSettled([1, 2, 3].map((i) => commit.submit(i)));
    assert.deepEqual(one, { status: 'fulfilled', value: 'answer 1' });
    assert.equal(two?.status, 'rejected');
    assert.match(String((two as PromiseRejectedResult).reason), /item 2 refused/);
    assert.deepEqual(three, { status: 'fulfilled', value: 'answer 3' });
  });

  test('fails the whole group when its write throws, and writes the next group still', async () => {
    let calls = 0;
    const commit = new GroupCommit<number, string>({
      maxGroupSize: 10,
      maxInFlight: 1,
      write: (group) => {
        calls += 1;
        return calls === 1
          ? Promise.reject(new Error('database down'))
          : Promise.resolve(group.map((item) => `answer ${item}`));
      },
    });
    const failed = await Promise.allSettled([1, 2].map((item) => commit.submit(item)));
    assert.deepEqual(
      failed.map((result) => result.status),
      ['rejected', 'rejected'],
    );
    assert.equal(await commit.submit(3), 'answer 3');
  });

  test('fails a group answered with too few answers instead of leaving an item unanswered', async () => {
    const commit = new GroupCommit<number, string>({
      maxGroupSize: 10,
      maxInFlight: 1,
      write: () => Promise.resolve(['only one']),
    });
    const results = await Promise.allSettled([1, 2].map((item) => commit.submit(item)));
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      assert.match(String(result.reason), /a group of 2 was answered 1 times/);
    }
  });
});
