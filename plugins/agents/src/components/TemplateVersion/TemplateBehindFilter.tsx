import Chip from '@material-ui/core/Chip';
import { OverviewAgent } from '@agentdeck/plugin-agents-common';

/** The agents whose template has a newer version, or all of them when `on` is false. */
export function behindTemplate(
  agents: OverviewAgent[],
  on: boolean,
): OverviewAgent[] {
  return on ? agents.filter(a => a.template?.behind) : agents;
}

/**
 * A chip of the Agents page that keeps only the agents whose template has
 * moved on; nothing while no agent is behind and the filter is off.
 */
export function TemplateBehindFilter(props: {
  agents: OverviewAgent[];
  value: boolean;
  onChange: (on: boolean) => void;
}) {
  const count = props.agents.filter(a => a.template?.behind).length;
  if (count === 0 && !props.value) return null;
  return (
    <Chip
      data-testid="template-behind-filter"
      label={`Template update available (${count})`}
      color={props.value ? 'primary' : 'default'}
      variant={props.value ? 'default' : 'outlined'}
      onClick={() => props.onChange(!props.value)}
      onDelete={props.value ? () => props.onChange(false) : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}
