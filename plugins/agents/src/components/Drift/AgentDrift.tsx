import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  AgentDriftResponse,
  EnvironmentDrift,
} from '@agentdeck/plugin-agents-common';
import { AgentRef } from '../../api';
import { useAgentDrift } from '../../hooks';
import { errorText } from '../common';

const where = (e: EnvironmentDrift) =>
  `${e.overlay} in ${e.cluster}${e.namespace ? ` (${e.namespace})` : ''}`;

/** One environment in one cluster: a line when it matches, otherwise a table of what differs. */
export function EnvironmentDriftView(props: { drift: EnvironmentDrift }) {
  const e = props.drift;
  const matches = e.differences.length === 0 && e.missing.length === 0;
  return (
    <Box mb={1} data-testid={`drift-${e.cluster}-${e.environment}`}>
      {e.message && (
        <Typography variant="body2" color="textSecondary">
          {where(e)}: {e.message}
        </Typography>
      )}
      {!e.message && matches && (
        <Typography variant="body2">
          Live objects match {e.overlay}{' '}
          <Typography component="span" variant="caption" color="textSecondary">
            in {e.cluster}
            {e.namespace ? ` (${e.namespace})` : ''}
          </Typography>
        </Typography>
      )}
      {!e.message && !matches && (
        <>
          <Typography variant="body2">
            Live objects differ from {where(e)}
          </Typography>
          <Table size="small" aria-label={`Drift from ${e.overlay}`}>
            <TableHead>
              <TableRow>
                <TableCell>Object</TableCell>
                <TableCell>Field</TableCell>
                <TableCell>In {e.overlay}</TableCell>
                <TableCell>Live</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {e.differences.map(d => (
                <TableRow key={`${d.kind}/${d.name}/${d.field}`}>
                  <TableCell>
                    {d.kind}/{d.name}
                  </TableCell>
                  <TableCell>
                    <code>{d.field}</code>
                  </TableCell>
                  {d.expected === undefined &&
                  d.live === undefined &&
                  d.field.includes('.env[') ? (
                    <TableCell colSpan={2}>differs (value not shown)</TableCell>
                  ) : (
                    <>
                      <TableCell>{d.expected ?? '—'}</TableCell>
                      <TableCell>{d.live ?? '—'}</TableCell>
                    </>
                  )}
                </TableRow>
              ))}
              {e.missing.map(m => (
                <TableRow key={`${m.kind}/${m.name}`}>
                  <TableCell>
                    {m.kind}/{m.name}
                  </TableCell>
                  <TableCell>(the object)</TableCell>
                  <TableCell>present</TableCell>
                  <TableCell>missing</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {e.differences.some(d => d.field.includes('.env[')) && (
            <Typography variant="caption" color="textSecondary" component="p">
              Env var values are not shown; only which ones differ.
            </Typography>
          )}
        </>
      )}
      {!e.message && e.notChecked.length > 0 && (
        <Typography variant="caption" color="textSecondary" component="p">
          Not checked (AgentDeck does not watch them): {e.notChecked.join(', ')}
        </Typography>
      )}
    </Box>
  );
}

/** The Drift section's content; nothing when the agent names no repository or runs nowhere. */
export function DriftView(props: { drift: AgentDriftResponse }) {
  const { source, environments, message } = props.drift;
  if (!source) return null;
  if (environments.length === 0 && !message) return null;
  return (
    <Box mb={2} data-testid="agent-drift">
      <Typography variant="subtitle2">Drift</Typography>
      {message && (
        <Typography variant="body2" color="textSecondary">
          {message}
        </Typography>
      )}
      {environments.map(e => (
        <EnvironmentDriftView key={`${e.cluster}/${e.environment}`} drift={e} />
      ))}
    </Box>
  );
}

/**
 * The Agent tab's Drift section: for each cluster and environment the agent
 * runs in, whether its live objects match what the repository's overlay
 * renders (image tags aside) or a table of what differs.
 */
export function AgentDrift(props: { agent: AgentRef }) {
  const state = useAgentDrift(props.agent);
  if (state.error && !state.value)
    return (
      <Typography variant="caption" color="error" component="p" paragraph>
        Could not read the agent's drift: {errorText(state.error)}
      </Typography>
    );
  return state.value ? <DriftView drift={state.value} /> : null;
}
