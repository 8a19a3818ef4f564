import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { WarningPanel } from '@backstage/core-components';
import { ModelUsage, UsageResponse } from '@agentdeck/plugin-agents-common';
import { formatTokens, formatUsd } from '../common';
import { BudgetBurn } from './BudgetBurn';
import { UsageTrendChart } from './UsageTrendChart';
import { usageSourceLine } from './usageSource';

const CAUSE: Record<string, string> = {
  'too-large': 'its /metrics is too large',
  'too-many-series': 'it exports too many series',
  'too-many-labels': 'a series has too many labels',
  'label-too-long': 'a label value is too long',
  'non-finite': 'a counter is not a finite number',
  implausible: 'a counter grew implausibly fast',
};

/** Pods whose metrics were refused: the totals leave them out, so say so and why. */
function Rejected(props: { rejected: NonNullable<UsageResponse['rejected']> }) {
  const { rejected } = props;
  const shown = rejected.slice(0, 5);
  return (
    <WarningPanel
      severity="warning"
      title={`Usage is incomplete: ${rejected.length} pod${
        rejected.length === 1 ? '' : 's'
      } left out`}
      message={
        <>
          {shown.map(r => (
            <Typography
              key={`${r.cluster}/${r.namespace}/${r.pod}/${r.cause}`}
              variant="body2"
            >
              {`${r.cluster ? `${r.cluster}/` : ''}${r.pod}: ${
                CAUSE[r.cause] ?? r.cause
              }`}
            </Typography>
          ))}
          {rejected.length > shown.length && (
            <Typography variant="body2">{`and ${
              rejected.length - shown.length
            } more`}</Typography>
          )}
        </>
      }
    />
  );
}

const COST_NOTE = {
  metric: '',
  'price-table': ' (price table)',
  unpriced: ' (no price)',
};

function Row(props: {
  label: string;
  m: Pick<ModelUsage, 'inputTokens' | 'outputTokens' | 'costUsd'>;
  note?: string;
}) {
  return (
    <TableRow>
      <TableCell>{props.label}</TableCell>
      <TableCell align="right">{formatTokens(props.m.inputTokens)}</TableCell>
      <TableCell align="right">{formatTokens(props.m.outputTokens)}</TableCell>
      <TableCell align="right">{`${formatUsd(props.m.costUsd)}${
        props.note ?? ''
      }`}</TableCell>
    </TableRow>
  );
}

/** Tokens and cost per model, their trend, the budget burn and the data source. */
export function UsageView(props: { usage: UsageResponse }) {
  const u = props.usage;
  return (
    <>
      {u.error && (
        <WarningPanel
          severity="warning"
          title="Usage could not be read"
          message={u.error}
          defaultExpanded
        />
      )}
      {u.unknown && (
        <WarningPanel
          severity="warning"
          title="Usage unknown"
          message={u.unknown}
          defaultExpanded
        />
      )}
      {u.rejected && u.rejected.length > 0 && (
        <Rejected rejected={u.rejected} />
      )}
      {u.models.length > 0 && (
        <Table size="small" aria-label="usage per model">
          <TableHead>
            <TableRow>
              <TableCell>Model</TableCell>
              <TableCell align="right">Tokens in</TableCell>
              <TableCell align="right">Tokens out</TableCell>
              <TableCell align="right">Cost</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {u.models.map(m => (
              <Row
                key={m.model}
                label={m.model}
                m={m}
                note={COST_NOTE[m.costSource]}
              />
            ))}
            {u.models.length > 1 && <Row label="Total" m={u.totals} />}
          </TableBody>
        </Table>
      )}
      {u.models.length === 0 && !u.error && !u.unknown && (
        <Typography variant="body2">No LLM calls in this window.</Typography>
      )}
      {u.series.length > 1 && (
        <UsageTrendChart
          series={u.series}
          from={u.from}
          to={u.to}
          dataFrom={u.dataFrom}
        />
      )}
      {u.budget && <BudgetBurn budget={u.budget} />}
      <Typography variant="caption" color="textSecondary" component="p">
        {usageSourceLine(u)}
      </Typography>
    </>
  );
}
