/** A sleep that stop() can cut short, so shutdown never waits for a backoff. */
export function createSleeper() {
  const pending = new Set<() => void>();
  return {
    sleep(ms: number): Promise<void> {
      return new Promise(resolve => {
        let timer: NodeJS.Timeout | undefined = undefined;
        const done = () => {
          clearTimeout(timer);
          pending.delete(done);
          resolve();
        };
        timer = setTimeout(done, ms);
        pending.add(done);
      });
    },
    cancel() {
      for (const done of [...pending]) done();
    },
  };
}
