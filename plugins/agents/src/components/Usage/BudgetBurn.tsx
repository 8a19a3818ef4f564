import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { UsageResponse } from '@agentdeck/plugin-agents-common';
import { formatUsd } from '../common';

/** This month's spend against the monthly budget, and where it is heading. */
export function BudgetBurn(props: {
  budget: NonNullable<UsageResponse['budget']>;
}) {
  const b = props.budget;
  const spentPct =
    b.monthlyUsd > 0 ? (b.spentThisMonthUsd / b.monthlyUsd) * 100 : 0;
  const over = b.burnRatio > 1;
  return (
    <Box my={2}>
      <Typography variant="subtitle2">Monthly budget</Typography>
      <LinearProgress
        variant="buffer"
        value={Math.min(100, spentPct)}
        valueBuffer={Math.min(100, b.burnRatio * 100)}
        color={over ? 'secondary' : 'primary'}
        aria-label="budget spent"
      />
      <Typography variant="body2" color={over ? 'error' : 'textPrimary'}>
        {`${formatUsd(b.spentThisMonthUsd)} of ${formatUsd(
          b.monthlyUsd,
        )} spent this month; projected ${formatUsd(
          b.projectedMonthUsd,
        )} (${Math.round(b.burnRatio * 100)}% of budget)${
          over ? ', over budget' : ''
        }`}
      </Typography>
    </Box>
  );
}
