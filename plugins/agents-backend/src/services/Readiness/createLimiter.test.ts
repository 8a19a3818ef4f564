import { createLimiter } from './createLimiter';

describe('createLimiter', () => {
  it('never runs more than its concurrency at once and runs everything', async () => {
    const limiter = createLimiter(2);
    let running = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const results = Array.from({ length: 5 }, (_, i) =>
      limiter.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>(r => releases.push(r));
        running -= 1;
        return i;
      }),
    );
    while (releases.length < 5) {
      await new Promise(r => setImmediate(r));
      expect(running).toBeLessThanOrEqual(2);
      releases.splice(0, releases.length).forEach(r => r());
      if (limiter.size() === 0) break;
    }
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('keeps going after a task fails', async () => {
    const limiter = createLimiter(1);
    await expect(
      limiter.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(limiter.run(async () => 'ok')).resolves.toBe('ok');
  });
});
