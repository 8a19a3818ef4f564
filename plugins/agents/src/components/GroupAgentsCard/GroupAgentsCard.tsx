import Typography from '@material-ui/core/Typography';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { InfoCard, Link } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useAgentLink, useOverview } from '../../hooks';
import { PolledContent, StateChip, formatTokens, formatUsd } from '../common';
import { OwnerRollupTable, rollupByOwner } from '../AgentsPage';

/** Entity card for groups: the group's agents and their totals. @public */
export function GroupAgentsCard() {
  const { entity } = useEntity();
  const owner = stringifyEntityRef(entity);
  const state = useOverview({ owner });
  const link = useAgentLink();
  return (
    <InfoCard title="Agents">
      <PolledContent state={state}>
        {overview => {
          if (overview.agents.length === 0) {
            return (
              <Typography variant="body2">
                This group owns no agents.
              </Typography>
            );
          }
          const { owners } = rollupByOwner(overview.agents);
          return (
            <>
              <OwnerRollupTable owners={owners} />
              <Table size="small" aria-label="agents of this group">
                <TableBody>
                  {overview.agents.map(a => (
                    <TableRow key={a.entityRef}>
                      <TableCell>
                        <Link to={link(a.entityRef)}>{a.title ?? a.name}</Link>
                      </TableCell>
                      <TableCell>
                        <StateChip
                          state={a.state}
                          to={link(a.entityRef)}
                          title={a.reasons.join('; ')}
                        />
                      </TableCell>
                      <TableCell>{`${a.replicas.ready}/${a.replicas.desired} ready`}</TableCell>
                      <TableCell>
                        {formatTokens(a.tokens24h.input + a.tokens24h.output)}{' '}
                        tokens
                      </TableCell>
                      <TableCell>{formatUsd(a.cost24hUsd)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          );
        }}
      </PolledContent>
    </InfoCard>
  );
}
