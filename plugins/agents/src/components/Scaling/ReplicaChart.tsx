import Tooltip from '@material-ui/core/Tooltip';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  Tooltip as ChartTooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ReplicaSample, RescaleEvent } from '@agentdeck/plugin-agents-common';
import {
  ChartFrame,
  ChartTooltipBody,
  useAxisStyle,
  useChartColors,
} from '../charts/chartParts';
import { formatInstant, timeAxis } from '../charts/timeAxis';
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
 * force) starts the range at `from`; without one, the range starts at the
 * first sample, since nothing is known before it. Each sample's counts hold
 * until the next, the last ones to `to`, with rows on an even grid between.
 */
export function replicaRows(
  samples: ReplicaSample[],
  from: string,
  to: string,
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
  const start = Math.min(points[0].t, end);
  const rows: Row[] = [];
  let next = 0;
  const step = (end - start) / GRID;
  for (let i = 0; i <= GRID; i++) {
    const t = i === GRID ? end : start + i * step;
    // the samples up to this grid time, each a row of its own
    while (next < points.length && points[next].t <= t)
      rows.push(points[next++]);
    const held = rows[rows.length - 1];
    if (held && held.t < t) rows.push({ ...held, t });
  }
  return { rows, start, end, noDataBefore: start > t0 ? start : undefined };
}

/** A rescale as a marker over the chart; hovering it tells what changed and why. */
function RescaleMarker(props: {
  x: number;
  top: number;
  bottom: number;
  event: RescaleEvent;
}) {
  const c = useChartColors();
  const { x, top, bottom } = props;
  return (
    <Tooltip title={eventText(props.event)} placement="top" arrow>
      <g data-testid="rescale-marker" aria-label={eventText(props.event)}>
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
  const c = useChartColors();
  const axisStyle = useAxisStyle();
  const { rows, start, end, noDataBefore } = replicaRows(
    props.samples,
    props.from,
    props.to,
  );
  const axis = timeAxis(start, end);
  const withDate = end - start > 24 * 3_600_000;
  const yMax = Math.max(1, ...rows.flatMap(r => [r.range[1], r.current])) + 1;
  const events = props.events.filter(e => {
    const t = Date.parse(e.at);
    return t >= axis.domain[0] && t <= axis.domain[1];
  });
  return (
    <ChartFrame
      label={props.label}
      title={props.title}
      height={200}
      note={
        noDataBefore !== undefined
          ? `no data before ${formatInstant(noDataBefore, true)} UTC`
          : undefined
      }
    >
      <ComposedChart data={rows} margin={{ top: 16, right: 16, left: 0 }}>
        <CartesianGrid stroke={c.grid} strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="t"
          scale="time"
          domain={axis.domain}
          ticks={axis.ticks}
          tickFormatter={axis.format}
          allowDataOverflow
          {...axisStyle}
        />
        <YAxis
          domain={[0, yMax]}
          allowDecimals={false}
          width={32}
          {...axisStyle}
        />
        <ChartTooltip
          isAnimationActive={false}
          content={({ active, payload }) => {
            const row = active ? (payload?.[0]?.payload as Row) : undefined;
            if (!row) return null;
            return (
              <ChartTooltipBody
                heading={`${formatInstant(row.t, withDate)} UTC`}
                lines={[
                  `${row.current} current, ${row.desired} desired`,
                  `bounds ${row.range[0]} to ${row.range[1]}`,
                ]}
              />
            );
          }}
        />
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
          isAnimationActive={false}
        />
        <Line
          type="stepAfter"
          dataKey="current"
          name="current"
          stroke={c.first}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        {events.map(e => (
          <ReferenceLine
            key={`${e.at}/${e.object}/${e.reason}`}
            x={Date.parse(e.at)}
            shape={(p: { x1: number; y1: number; y2: number }) => (
              <RescaleMarker
                x={p.x1}
                top={Math.min(p.y1, p.y2)}
                bottom={Math.max(p.y1, p.y2)}
                event={e}
              />
            )}
          />
        ))}
      </ComposedChart>
    </ChartFrame>
  );
}
