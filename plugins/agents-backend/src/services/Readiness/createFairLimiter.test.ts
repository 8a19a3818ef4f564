import { createFairLimiter } from './createFairLimiter';

const tick = () => new Promise(r => setImmediate(r));

/** Tasks that stay running until released, recording the order they started in. */
function gate() {
  const started: string[] = [];
  const releases = new Map<string, () => void>();
  const task = (name: string) => () =>
    new Promise<string>(resolve => {
      started.push(name);
      releases.set(name, () => resolve(name));
    });
  const release = (name: string) => releases.get(name)?.();
  return { started, task, release };
}

describe('createFairLimiter', () => {
  it('keeps one lane to its share and lets other lanes start at once', async () => {
    const limiter = createFairLimiter(4, 2);
    const g = gate();
    for (let i = 0; i < 50; i++)
      void limiter.run('eu', 'hostile', g.task(`hostile-${i}`));
    void limiter.run('eu', 'healthy', g.task('healthy-0'));
    void limiter.run('eu', 'other', g.task('other-0'));
    await tick();
    expect(g.started).toEqual([
      'hostile-0',
      'hostile-1',
      'healthy-0',
      'other-0',
    ]);
    g.release('healthy-0');
    await tick();
    // the free slot may only go to the lane at its share if no one else waits
    expect(g.started).toHaveLength(4);
    void limiter.run('eu', 'healthy', g.task('healthy-1'));
    await tick();
    expect(g.started.at(-1)).toBe('healthy-1');
    expect(limiter.size()).toBe(4 + 48);
  });

  it('takes turns between lanes and between clusters', async () => {
    const limiter = createFairLimiter(1, 1);
    const g = gate();
    const names = [
      'eu/a-0',
      'eu/a-1',
      'eu/a-2',
      'eu/b-0',
      'eu/b-1',
      'us/c-0',
      'us/c-1',
    ];
    const done = names.map(n => {
      const [cluster, task] = n.split('/');
      return limiter.run(cluster, task.split('-')[0], g.task(task));
    });
    for (let i = 0; i < names.length; i++) {
      await tick();
      g.release(g.started[i]);
    }
    await Promise.all(done);
    // a-0 starts before anything else waits; from then on eu and us alternate
    expect(g.started).toEqual([
      'a-0',
      'b-0',
      'c-0',
      'a-1',
      'c-1',
      'b-1',
      'a-2',
    ]);
    expect(limiter.size()).toBe(0);
  });

  it('frees the slot of a task that throws, even before its first await', async () => {
    const limiter = createFairLimiter(1, 1);
    await expect(
      limiter.run('eu', 'a', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(limiter.run('eu', 'a', async () => 'ok')).resolves.toBe('ok');
    expect(limiter.size()).toBe(0);
  });
});
