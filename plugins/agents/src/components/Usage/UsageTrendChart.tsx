import { useTheme } from '@material-ui/core/styles';
import { UsagePoint } from '@agentdeck/plugin-agents-common';
import { linearScale, linePath } from '../charts/geometry';
import { formatTime, formatTokens, formatUsd } from '../common';

const W = 600;
const H = 140;
const PAD = { left: 40, right: 12, top: 10, bottom: 22 };

/** Input and output tokens over the window as two lines, plain SVG. */
export function UsageTrendChart(props: {
  series: UsagePoint[];
  from: string;
  to: string;
}) {
  const theme = useTheme();
  const t0 = Date.parse(props.from);
  const t1 = Date.parse(props.to);
  const points = [...props.series].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at),
  );
  const yMax = Math.max(
    1,
    ...points.flatMap(p => [p.inputTokens, p.outputTokens]),
  );
  const x = linearScale([t0, t1], [PAD.left, W - PAD.right]);
  const y = linearScale([0, yMax], [H - PAD.bottom, PAD.top]);
  const line = (key: 'inputTokens' | 'outputTokens') =>
    linePath(
      points.map(p => ({ t: Date.parse(p.at), v: p[key] })),
      x,
      y,
    );
  const withDate = t1 - t0 > 24 * 3_600_000;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      role="img"
      aria-label="token usage over time"
    >
      <title>Tokens over time</title>
      <line
        x1={PAD.left}
        x2={W - PAD.right}
        y1={y(0)}
        y2={y(0)}
        stroke={theme.palette.divider}
      />
      {[0, yMax].map(v => (
        <text
          key={v}
          x={PAD.left - 6}
          y={y(v) + 4}
          fontSize={10}
          textAnchor="end"
          fill={theme.palette.text.secondary}
        >
          {formatTokens(v)}
        </text>
      ))}
      {[t0, t1].map((t, i) => (
        <text
          key={t}
          x={x(t)}
          y={H - 6}
          fontSize={10}
          textAnchor={i ? 'end' : 'start'}
          fill={theme.palette.text.secondary}
        >
          {formatTime(new Date(t).toISOString(), withDate)}
        </text>
      ))}
      <path
        d={line('inputTokens')}
        fill="none"
        stroke={theme.palette.primary.main}
        strokeWidth={2}
        data-testid="input-line"
      />
      <path
        d={line('outputTokens')}
        fill="none"
        stroke={theme.palette.secondary.main}
        strokeWidth={2}
        data-testid="output-line"
      />
      {points.map(p => (
        <circle
          key={p.at}
          cx={x(Date.parse(p.at))}
          cy={y(p.inputTokens)}
          r={3}
          fill={theme.palette.primary.main}
        >
          <title>{`${formatTime(p.at, withDate)}: ${formatTokens(
            p.inputTokens,
          )} in, ${formatTokens(p.outputTokens)} out, ${formatUsd(
            p.costUsd,
          )}`}</title>
        </circle>
      ))}
    </svg>
  );
}
