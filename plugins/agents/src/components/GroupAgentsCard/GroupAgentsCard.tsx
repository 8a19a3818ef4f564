import Typography from '@material-ui/core/Typography';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { InfoCard, Link } from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useAgentLink, useOverview } from '../../hooks';
import {
  PolledContent,
  StateChip,
  formatTokens,
  formatUsd,
  plural,
} from '../common';
import {
  OwnerRollupTable,
  RegisterButton,
  ownerSourceText,
  rollupByOwner,
} from '../AgentsPage';

/**
 * Entity card for groups: the group's agents and their totals, and the
 * unregistered agents running in namespaces that name the group (when the
 * viewer may see them), each with a button to register it. @public
 */
export function GroupAgentsCard() {
  const { entity } = useEntity();
  const owner = stringifyEntityRef(entity);
  const state = useOverview({ owner });
  const link = useAgentLink();
  return (
    <InfoCard title="Agents">
      <PolledContent state={state}>
        {overview => {
          const unregistered = overview.unregistered ?? [];
          if (overview.agents.length === 0 && unregistered.length === 0) {
            return (
              <Typography variant="body2">
                This group owns no agents.
              </Typography>
            );
          }
          const { owners } = rollupByOwner(overview.agents, unregistered);
          return (
            <>
              <OwnerRollupTable
                owners={owners}
                unregisteredColumn={unregistered.length > 0}
              />
              {overview.agents.length > 0 && (
                <Table size="small" aria-label="agents of this group">
                  <TableBody>
                    {overview.agents.map(a => (
                      <TableRow key={a.entityRef}>
                        <TableCell>
                          <Link to={link(a.entityRef)}>
                            {a.title ?? a.name}
                          </Link>
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
              )}
              {unregistered.length > 0 && (
                <>
                  <Typography
                    variant="subtitle2"
                    component="h3"
                    style={{ marginTop: 16 }}
                  >
                    {`Unregistered (${unregistered.length})`}
                  </Typography>
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="p"
                  >
                    {`Running in namespaces that name this group, claimed by no catalog Agent: ${plural(
                      unregistered.length,
                      'agent',
                    )} to register.`}
                  </Typography>
                  <Table
                    size="small"
                    aria-label="unregistered agents in this group's namespaces"
                  >
                    <TableBody>
                      {unregistered.map(u => (
                        <TableRow key={u.id}>
                          <TableCell>
                            {u.name}
                            <Typography
                              variant="caption"
                              color="textSecondary"
                              component="div"
                            >
                              {`${u.cluster}/${u.namespace}`}
                              {u.ownerFrom && ` · ${ownerSourceText(u)}`}
                            </Typography>
                          </TableCell>
                          <TableCell>
                            <StateChip
                              state={u.state}
                              title={u.reasons.join('; ')}
                            />
                          </TableCell>
                          <TableCell>{`${u.replicas.ready}/${u.replicas.desired} ready`}</TableCell>
                          <TableCell>
                            {formatTokens(
                              u.tokens24h.input + u.tokens24h.output,
                            )}{' '}
                            tokens
                          </TableCell>
                          <TableCell style={{ whiteSpace: 'nowrap' }}>
                            {u.usageError ? (
                              <span title={u.usageError}>unknown</span>
                            ) : (
                              formatUsd(u.cost24hUsd)
                            )}
                          </TableCell>
                          <TableCell style={{ whiteSpace: 'nowrap' }}>
                            <RegisterButton agent={u} />
                          </TableCell>
                        </TableRow>
                      ))}
                    </TableBody>
                  </Table>
                </>
              )}
            </>
          );
        }}
      </PolledContent>
    </InfoCard>
  );
}
