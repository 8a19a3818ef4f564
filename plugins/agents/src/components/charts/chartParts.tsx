import { ReactElement, ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { ResponsiveContainer } from 'recharts';

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
