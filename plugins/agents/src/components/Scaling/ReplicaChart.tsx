import { useTheme } from '@material-ui/core/styles';
import { ReplicaSample, RescaleEvent } from '@agentdeck/plugin-agents-common';
import { linearScale, stepBandPath, stepPath } from '../charts/geometry';
import { formatTime } from '../common';

const W = 600;
const H = 180;
const PAD = { left: 32, right: 12, top: 18, bottom: 22 };

/** Describes a rescale for tooltips and lists. */
export function eventText(e: RescaleEvent): string {
  const change =
    e.from !== undefined && e.to !== undefined ? `${e.from} → ${e.to} ` : '';
  return `${formatTime(e.at, true)} ${change}${e.reason}: ${e.message}`;
}

/**
 * Replicas over time as plain SVG: current as a step line, desired dashed,
 * the min..max range as a band and rescale events as markers on top.
 */
export function ReplicaChart(props: {
  samples: ReplicaSample[];
  events: RescaleEvent[];
  from: string;
  to: string;
  title: string;
}) {
  const theme = useTheme();
  const t0 = Date.parse(props.from);
  const t1 = Date.parse(props.to);
  const series = (key: 'current' | 'desired' | 'min' | 'max') =>
    props.samples.map(s => ({ t: Date.parse(s.at), v: s[key] }));
  const yMax =
    Math.max(1, ...props.samples.flatMap(s => [s.max, s.current, s.desired])) +
    1;
  const x = linearScale([t0, t1], [PAD.left, W - PAD.right]);
  const y = linearScale([0, yMax], [H - PAD.bottom, PAD.top]);
  const yTicks = [
    ...new Set([0, ...props.samples.flatMap(s => [s.min, s.max])]),
  ];
  const withDate = t1 - t0 > 24 * 3_600_000;

  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      role="img"
      aria-label={props.title}
    >
      <title>{props.title}</title>
      <path
        d={stepBandPath(series('min'), series('max'), x, y, t1)}
        fill={theme.palette.primary.light}
        opacity={0.15}
        data-testid="minmax-band"
      />
      {yTicks.map(v => (
        <text
          key={v}
          x={PAD.left - 6}
          y={y(v) + 4}
          fontSize={10}
          textAnchor="end"
          fill={theme.palette.text.secondary}
        >
          {v}
        </text>
      ))}
      <line
        x1={PAD.left}
        x2={W - PAD.right}
        y1={y(0)}
        y2={y(0)}
        stroke={theme.palette.divider}
      />
      {[t0, (t0 + t1) / 2, t1].map((t, i) => (
        <text
          key={t}
          x={x(t)}
          y={H - 6}
          fontSize={10}
          fill={theme.palette.text.secondary}
          textAnchor={(['start', 'middle', 'end'] as const)[i]}
        >
          {formatTime(new Date(t).toISOString(), withDate)}
        </text>
      ))}
      <path
        d={stepPath(series('desired'), x, y, t1)}
        fill="none"
        stroke={theme.palette.secondary.main}
        strokeWidth={1.5}
        strokeDasharray="5 4"
        data-testid="desired-line"
      />
      <path
        d={stepPath(series('current'), x, y, t1)}
        fill="none"
        stroke={theme.palette.primary.main}
        strokeWidth={2}
        data-testid="current-line"
      />
      {props.events.map(e => {
        const ex = x(Date.parse(e.at));
        return (
          <g
            key={`${e.at}/${e.object}/${e.reason}`}
            data-testid="rescale-marker"
          >
            <title>{eventText(e)}</title>
            <line
              x1={ex}
              x2={ex}
              y1={PAD.top}
              y2={H - PAD.bottom}
              stroke={theme.palette.text.secondary}
              strokeDasharray="2 3"
            />
            <path
              d={`M${ex - 5},${PAD.top - 10} h10 l-5,8 z`}
              fill={theme.palette.warning.main}
            />
          </g>
        );
      })}
    </svg>
  );
}
