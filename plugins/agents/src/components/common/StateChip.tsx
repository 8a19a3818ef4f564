import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { Link } from '@backstage/core-components';
import { AgentState } from '@agentdeck/plugin-agents-common';

const useStyles = makeStyles(theme => ({
  healthy: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  degraded: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  down: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  unknown: {
    backgroundColor: theme.palette.grey[500],
    color: theme.palette.common.white,
  },
}));

/** The overall state of an agent as a colored chip, optionally a link. */
export function StateChip(props: {
  state: AgentState;
  to?: string;
  title?: string;
}) {
  const classes = useStyles();
  const chip = (
    <Chip
      size="small"
      label={props.state}
      className={classes[props.state]}
      title={props.title}
      clickable={Boolean(props.to)}
    />
  );
  return props.to ? <Link to={props.to}>{chip}</Link> : chip;
}
