import { ReactElement, ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  ResponsiveContainer,
  Tooltip as ChartTooltip,
  XAxis,
  YAxis,
  YAxisProps,
} from 'recharts';
import { formatInstant, TimeAxis, timeAxis } from './timeAxis';

/** Colours of the charts, from the app's theme so they read in light and dark. */
export function useChartColors() {
  const { palette } = useTheme();
  return {
    text: palette.text.secondary,
    grid: palette.divider,
    first: palette.primary.main,
    second: palette.secondary.main,
    band: palette.primary.light,
    marker: palette.warning.main,
    markerLine: palette.text.secondary,
  };
}

/** Props every axis of these charts shares: small text in the theme's colours. */
export function useAxisStyle() {
  const c = useChartColors();
  return {
    stroke: c.grid,
    tick: { fill: c.text, fontSize: 11 },
    tickLine: { stroke: c.grid },
  };
}

/** A chart's own tooltip body: a heading and one line per figure, on the theme's paper. */
export function ChartTooltipBody(props: { heading: string; lines: string[] }) {
  return (
    <Paper elevation={3}>
      <Box px={1} py={0.5}>
        <Typography variant="caption" component="p">
          <strong>{props.heading}</strong>
        </Typography>
        {props.lines.map(line => (
          <Typography key={line} variant="caption" component="p">
            {line}
          </Typography>
        ))}
      </Box>
    </Paper>
  );
}

/**
 * A chart as a labelled figure: an optional title, the chart at the width of
 * its card, and a note under it (e.g. "no data before …"). The container
 * measures its card in a browser; where nothing can be measured (jsdom) the
 * chart keeps a 600 px width.
 */
export function ChartFrame(props: {
  label: string;
  title?: string;
  height: number;
  note?: ReactNode;
  children: ReactElement;
}) {
  return (
    <Box component="figure" aria-label={props.label} m={0} mb={2}>
      {props.title && (
        <Typography variant="subtitle2" component="figcaption">
          {props.title}
        </Typography>
      )}
      <ResponsiveContainer
        width="100%"
        height={props.height}
        initialDimension={{ width: 600, height: props.height }}
      >
        {props.children}
      </ResponsiveContainer>
      {props.note && (
        <Typography variant="caption" color="textSecondary" component="p">
          {props.note}
        </Typography>
      )}
    </Box>
  );
}

/**
 * What a chart over time draws the same way: its colours, the time axis for
 * `start`..`end`, and `parts`, to put first inside the chart: a dashed grid,
 * that time axis (rows keyed by their time `t`), a value axis with the given
 * props, and on hover the hovered row's time (UTC, with the date when the
 * range is over a day) over the figures `lines` tells of it.
 */
export function useTimeChart<R extends { t: number }>(
  start: number,
  end: number,
) {
  const colors = useChartColors();
  const axisStyle = useAxisStyle();
  const axis: TimeAxis = timeAxis(start, end);
  const withDate = end - start > 24 * 3_600_000;
  const parts = (props: {
    yAxis: Omit<YAxisProps, 'ref'>;
    lines: (row: R) => string[];
  }) => (
    <>
      <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
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
      <YAxis {...props.yAxis} {...axisStyle} />
      <ChartTooltip
        isAnimationActive={false}
        content={({ active, payload }) => {
          const row = active ? (payload?.[0]?.payload as R) : undefined;
          if (!row) return null;
          return (
            <ChartTooltipBody
              heading={`${formatInstant(row.t, withDate)} UTC`}
              lines={props.lines(row)}
            />
          );
        }}
      />
    </>
  );
  return { colors, axis, parts };
}
