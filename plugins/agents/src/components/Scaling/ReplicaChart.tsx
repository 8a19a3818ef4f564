import Tooltip from '@material-ui/core/Tooltip';
import { Area, ComposedChart, Line, ReferenceLine } from 'recharts';
import { ReplicaSample, RescaleEvent } from '@agentdeck/plugin-agents-common';
import { ChartFrame, useChartColors, useTimeChart } from '../charts/chartParts';
import { formatInstant } from '../charts/timeAxis';
import { formatTime } from '../common';

/** Describes a rescale for tooltips and lists. */
export function eventText(e: RescaleEvent): string {
  const change =
    e.from !== undefined && e.to !== undefined ? `${e.from} → ${e.to} ` : '';
  return `${formatTime(e.at, true)} ${change}${e.reason}: ${e.message}`;
}

/** One row of the chart: a sample's counts from its time on. */
interface Row {
  t: number;
  current: number;
  desired: number;
  range: [number, number];
}

/** Rows between samples, so hovering anywhere tells the counts then, not at the nearest sample. */
const GRID = 120;

/**
 * The chart's rows and range. A sample from before `from` (the value then in
 * force) starts the counts at `from`; without one they start at the first
 * sample, since nothing is known before it, and so does the range unless a
 * rescale (`eventTimes`) is known from earlier. Each sample's counts hold
 * until the next, the last ones to `to`, with rows on an even grid between.
 */
export function replicaRows(
  samples: ReplicaSample[],
  from: string,
  to: string,
  eventTimes: number[] = [],
): { rows: Row[]; start: number; end: number; noDataBefore?: number } {
  const t0 = Date.parse(from);
  const end = Date.parse(to);
  const points: Row[] = samples
    .map(s => ({
      t: Math.max(Date.parse(s.at), t0),
      current: s.current,
      desired: s.desired,
      range: [s.min, s.max] as [number, number],
    }))
    .sort((a, b) => a.t - b.t);
  if (points.length === 0) return { rows: [], start: t0, end };
  const first = Math.min(points[0].t, end);
  const start = Math.min(first, ...eventTimes.filter(t => t >= t0));
  const rows: Row[] = [];
  let next = 0;
  const step = (end - first) / GRID;
  for (let i = 0; i <= GRID; i++) {
    const t = i === GRID ? end : first + i * step;
    // the samples up to this grid time, each a row of its own
    while (next < points.length && points[next].t <= t)
      rows.push(points[next++]);
    const held = rows[rows.length - 1];
    if (held && held.t < t) rows.push({ ...held, t });
  }
  return { rows, start, end, noDataBefore: first > t0 ? first : undefined };
}

/** Says where the counts begin when the window reaches back further. */
function noDataText(noDataBefore: number, start: number): string {
  const at = `${formatInstant(noDataBefore, true)} UTC`;
  return start < noDataBefore
    ? `no replica counts before ${at}; the rescales before it are marked`
    : `no data before ${at}`;
}

/** Rescales this close together (a share of the chart's range) share one marker. */
const MARKER_GAP = 1 / 100;

/** Rescales close enough in time to share a marker, at the first one's time. */
export interface MarkerGroup {
  t: number;
  events: RescaleEvent[];
}

/**
 * Groups rescales that would draw on top of each other (closer than a
 * hundredth of the range), so each marker can be hovered and read.
 */
export function groupMarkers(
  events: RescaleEvent[],
  span: number,
): MarkerGroup[] {
  const sorted = [...events].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at),
  );
  const groups: MarkerGroup[] = [];
  for (const e of sorted) {
    const t = Date.parse(e.at);
    const last = groups[groups.length - 1];
    if (last && t - last.t < span * MARKER_GAP) last.events.push(e);
    else groups.push({ t, events: [e] });
  }
  return groups;
}

const SHOWN_PER_MARKER = 6;

function markerTitle(group: MarkerGroup) {
  if (group.events.length === 1) return eventText(group.events[0]);
  const shown = group.events.slice(0, SHOWN_PER_MARKER);
  const more = group.events.length - shown.length;
  return (
    <>
      <strong>{`${group.events.length} rescales`}</strong>
      {shown.map(e => (
        <div key={`${e.at}/${e.object}/${e.reason}`}>{eventText(e)}</div>
      ))}
      {more > 0 && <div>{`and ${more} more`}</div>}
    </>
  );
}

/** Rescales as a marker over the chart; hovering it tells what changed and why. */
function RescaleMarker(props: {
  x: number;
  top: number;
  bottom: number;
  group: MarkerGroup;
}) {
  const c = useChartColors();
  const { x, top, bottom, group } = props;
  const label =
    group.events.length === 1
      ? eventText(group.events[0])
      : `${group.events.length} rescales from ${eventText(group.events[0])}`;
  return (
    <Tooltip title={markerTitle(group)} placement="top" arrow>
      <g data-testid="rescale-marker" aria-label={label}>
        <rect
          x={x - 6}
          y={top - 10}
          width={12}
          height={bottom - top + 10}
          fill="transparent"
        />
        <line
          x1={x}
          x2={x}
          y1={top}
          y2={bottom}
          stroke={c.markerLine}
          strokeDasharray="2 3"
        />
        <path d={`M${x - 5},${top - 9} h10 l-5,8 z`} fill={c.marker} />
      </g>
    </Tooltip>
  );
}

/**
 * The hovered row's dots let the pointer through: they are drawn over the
 * rescale markers, and would otherwise take the hover from a marker the
 * moment they appear on it, closing its tooltip.
 */
const HOVERED_DOT = { r: 4, pointerEvents: 'none' } as const;

/**
 * Replicas of one autoscaler over time: current as a step line, desired
 * dashed, min..max as a band, rescales as markers with their reason on hover,
 * and the counts at any sample on hover.
 */
export function ReplicaChart(props: {
  samples: ReplicaSample[];
  events: RescaleEvent[];
  from: string;
  to: string;
  title: string;
  label: string;
}) {
  const { rows, start, end, noDataBefore } = replicaRows(
    props.samples,
    props.from,
    props.to,
    props.events.map(e => Date.parse(e.at)),
  );
  const { colors: c, axis, parts } = useTimeChart<Row>(start, end);
  const yMax = Math.max(1, ...rows.flatMap(r => [r.range[1], r.current])) + 1;
  const markers = groupMarkers(
    props.events.filter(e => {
      const t = Date.parse(e.at);
      return t >= axis.domain[0] && t <= axis.domain[1];
    }),
    axis.domain[1] - axis.domain[0],
  );
  return (
    <ChartFrame
      label={props.label}
      title={props.title}
      height={200}
      note={
        noDataBefore !== undefined ? noDataText(noDataBefore, start) : undefined
      }
    >
      <ComposedChart data={rows} margin={{ top: 16, right: 16, left: 0 }}>
        {parts({
          yAxis: { domain: [0, yMax], allowDecimals: false, width: 32 },
          lines: row => [
            `${row.current} current, ${row.desired} desired`,
            `bounds ${row.range[0]} to ${row.range[1]}`,
          ],
        })}
        <Area
          type="stepAfter"
          dataKey="range"
          name="min to max"
          stroke="none"
          fill={c.band}
          fillOpacity={0.2}
          isAnimationActive={false}
          activeDot={false}
        />
        <Line
          type="stepAfter"
          dataKey="desired"
          name="desired"
          stroke={c.second}
          strokeWidth={1.5}
          strokeDasharray="5 4"
          dot={false}
          activeDot={HOVERED_DOT}
          isAnimationActive={false}
        />
        <Line
          type="stepAfter"
          dataKey="current"
          name="current"
          stroke={c.first}
          strokeWidth={2}
          dot={false}
          activeDot={HOVERED_DOT}
          isAnimationActive={false}
        />
        {markers.map(m => (
          <ReferenceLine
            key={m.t}
            x={m.t}
            // above the axes, so a marker at the edge can still be hovered
            zIndex={600}
            shape={(p: { x1: number; y1: number; y2: number }) => (
              <RescaleMarker
                x={p.x1}
                top={Math.min(p.y1, p.y2)}
                bottom={Math.max(p.y1, p.y2)}
                group={m}
              />
            )}
          />
        ))}
      </ComposedChart>
    </ChartFrame>
  );
}
