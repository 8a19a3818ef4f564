/** Maps a numeric domain onto pixels. */
export function linearScale(
  domain: [number, number],
  range: [number, number],
): (v: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return v => r0 + ((v - d0) / span) * (r1 - r0);
}

/** A point of a time series, time in epoch milliseconds. */
export interface TimePoint {
  t: number;
  v: number;
}

/**
 * SVG path of a step line: a value holds until the next sample, and the last
 * one until `endT`, since replica counts change in steps, not slopes.
 */
export function stepPath(
  points: TimePoint[],
  x: (t: number) => number,
  y: (v: number) => number,
  endT?: number,
): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  let d = `M${r(x(first.t))},${r(y(first.v))}`;
  for (const p of rest) d += ` H${r(x(p.t))} V${r(y(p.v))}`;
  if (endT !== undefined) d += ` H${r(x(endT))}`;
  return d;
}

/** Closed SVG path of the area between two step lines (e.g. min and max). */
export function stepBandPath(
  lower: TimePoint[],
  upper: TimePoint[],
  x: (t: number) => number,
  y: (v: number) => number,
  endT: number,
): string {
  if (lower.length === 0 || upper.length === 0) return '';
  const top = stepPath(upper, x, y, endT);
  const bottomPoints = [...lower].reverse();
  let d = `${top} V${r(y(bottomPoints[0].v))}`;
  for (let i = 0; i < bottomPoints.length; i++) {
    const p = bottomPoints[i];
    d += ` H${r(x(p.t))}`;
    const next = bottomPoints[i + 1];
    if (next) d += ` V${r(y(next.v))}`;
  }
  return `${d} Z`;
}

/** SVG path of a straight polyline. */
export function linePath(
  points: TimePoint[],
  x: (t: number) => number,
  y: (v: number) => number,
): string {
  return points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${r(x(p.t))},${r(y(p.v))}`)
    .join(' ');
}

function r(n: number): number {
  return Math.round(n * 10) / 10;
}
