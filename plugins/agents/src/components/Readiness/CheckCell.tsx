import { useState } from 'react';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import CheckCircle from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import { ReadinessCheck } from '@agentdeck/plugin-agents-common';

/**
 * A readiness check of one pod. The failure text comes from the agent, so
 * it is only ever rendered as a text node.
 */
export function CheckCell(props: { pod: string; check?: ReadinessCheck }) {
  const [open, setOpen] = useState(false);
  const { check } = props;
  if (!check) return <span aria-label="not reported">–</span>;
  if (check.ok) {
    return (
      <CheckCircle
        fontSize="small"
        style={{ color: 'green' }}
        aria-label={`${check.name} ok`}
      />
    );
  }
  const text = check.message ?? 'failing';
  return (
    <>
      <Tooltip title={text}>
        <IconButton
          size="small"
          aria-label={`${check.name} failing on ${props.pod}`}
          aria-expanded={open}
          onClick={() => setOpen(o => !o)}
        >
          <ErrorIcon fontSize="small" color="error" />
        </IconButton>
      </Tooltip>
      {open && (
        <Typography variant="caption" component="div" color="error">
          {text}
        </Typography>
      )}
    </>
  );
}
