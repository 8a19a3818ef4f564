import { act, renderHook } from '@testing-library/react';
import { usePolling } from './usePolling';

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'hidden', {
    configurable: true,
    get: () => hidden,
  });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('usePolling', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    setHidden(false);
  });

  it('refreshes on the interval, pauses while hidden and catches up when visible', async () => {
    let n = 0;
    const fetcher = jest.fn(async () => ++n);
    const { result } = renderHook(() => usePolling(fetcher, [], 1000));
    await act(async () => {});
    expect(result.current.value).toBe(1);

    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    expect(result.current.value).toBe(2);

    act(() => setHidden(true));
    await act(async () => {
      jest.advanceTimersByTime(5000);
    });
    expect(fetcher).toHaveBeenCalledTimes(2);

    await act(async () => setHidden(false));
    expect(fetcher).toHaveBeenCalledTimes(3);
    expect(result.current.value).toBe(3);
  });

  it('keeps the last value when a refresh fails and reports the error', async () => {
    const fetcher = jest
      .fn<Promise<string>, []>()
      .mockResolvedValueOnce('first')
      .mockRejectedValueOnce(new Error('gone'));
    const { result } = renderHook(() => usePolling(fetcher, [], 1000));
    await act(async () => {});
    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    expect(result.current.value).toBe('first');
    expect(result.current.error?.message).toBe('gone');
    expect(result.current.loading).toBe(false);
  });

  it('drops an answer that arrives after a newer request', async () => {
    const resolvers: Array<(v: string) => void> = [];
    const fetcher = (key: string) => () =>
      new Promise<string>(resolve => resolvers.push(() => resolve(key)));
    const { result, rerender } = renderHook(
      ({ key }) => usePolling(fetcher(key), [key], 1000),
      {
        initialProps: { key: 'old' },
      },
    );
    rerender({ key: 'new' });
    await act(async () => resolvers[1]('new'));
    await act(async () => resolvers[0]('old'));
    expect(result.current.value).toBe('new');
  });
});
