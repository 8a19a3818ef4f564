/**
 * Calls `onSilence` once nothing was heard for `silenceMs`: a hung API server
 * keeps watch connections open and sends nothing, which no socket error shows.
 * Wakes at most once per silence period, however busy the watch. Returns the
 * stop function.
 */
export function startWatchdog(
  heardAt: () => number,
  silenceMs: number,
  onSilence: () => void,
): () => void {
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const left = heardAt() + silenceMs - Date.now();
    if (left > 0) timer = setTimeout(check, left);
    else onSilence();
  };
  check();
  return () => clearTimeout(timer);
}
