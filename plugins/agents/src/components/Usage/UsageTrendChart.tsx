import { Legend, Line, LineChart } from 'recharts';
import { UsagePoint } from '@agentdeck/plugin-agents-common';
import { ChartFrame, useTimeChart } from '../charts/chartParts';
import { formatInstant } from '../charts/timeAxis';
import { formatTokens, formatUsd } from '../common';

interface Row {
  t: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/**
 * The points of the window that are measurements: those from `dataFrom` on
 * when the data starts inside the window, all of them otherwise.
 */
export function usageRows(
  series: UsagePoint[],
  from: string,
  to: string,
  dataFrom?: string,
): { rows: Row[]; start: number; end: number; noDataBefore?: number } {
  const t0 = Date.parse(from);
  const end = Date.parse(to);
  const first = Date.parse(dataFrom ?? '');
  const noDataBefore =
    !Number.isNaN(first) && first > t0 && first < end ? first : undefined;
  const start = noDataBefore ?? t0;
  const rows = series
    .map(p => ({
      t: Date.parse(p.at),
      inputTokens: p.inputTokens,
      outputTokens: p.outputTokens,
      costUsd: p.costUsd,
    }))
    // a point sums the step that ends at its time: keep those that end after the data begins
    .filter(r => r.t > start || (noDataBefore === undefined && r.t >= start))
    .sort((a, b) => a.t - b.t);
  return { rows, start, end, noDataBefore };
}

/** "2 h of the 24 h window" */
function spanText(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 1) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} days`;
}

/**
 * Input and output tokens over the window, the tokens and cost of each step on
 * hover. When the data starts inside the window the chart starts there and
 * says how much of the window it covers.
 */
export function UsageTrendChart(props: {
  series: UsagePoint[];
  from: string;
  to: string;
  dataFrom?: string;
}) {
  const { rows, start, end, noDataBefore } = usageRows(
    props.series,
    props.from,
    props.to,
    props.dataFrom,
  );
  const { colors: c, parts } = useTimeChart<Row>(start, end);
  const windowMs = end - Date.parse(props.from);
  return (
    <ChartFrame
      label="token usage over time"
      height={180}
      note={
        noDataBefore !== undefined
          ? `no data before ${formatInstant(
              noDataBefore,
              true,
            )} UTC: the figures cover ${spanText(
              end - noDataBefore,
            )} of the ${spanText(windowMs)} window`
          : 'Times in UTC.'
      }
    >
      <LineChart data={rows} margin={{ top: 8, right: 16, left: 0 }}>
        {parts({
          yAxis: {
            tickFormatter: (v: number) => formatTokens(v),
            allowDecimals: false,
            width: 44,
          },
          lines: row => [
            `${formatTokens(row.inputTokens)} tokens in`,
            `${formatTokens(row.outputTokens)} tokens out`,
            formatUsd(row.costUsd),
          ],
        })}
        <Legend
          verticalAlign="top"
          height={24}
          iconType="plainline"
          wrapperStyle={{ fontSize: 12 }}
        />
        <Line
          dataKey="inputTokens"
          name="tokens in"
          stroke={c.first}
          strokeWidth={2}
          dot={rows.length <= 60 ? { r: 2 } : false}
          isAnimationActive={false}
        />
        <Line
          dataKey="outputTokens"
          name="tokens out"
          stroke={c.second}
          strokeWidth={2}
          dot={rows.length <= 60 ? { r: 2 } : false}
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFrame>
  );
}
