import { LinkButton } from '@backstage/core-components';
import { UnregisteredAgent } from '@agentdeck/plugin-agents-common';
import { useRegisterLink } from '../../hooks';

/** "Register": a link, drawn as a button, to the agent's prefilled registration. */
export function RegisterButton(props: { agent: UnregisteredAgent }) {
  const registerLink = useRegisterLink();
  return (
    <LinkButton
      to={registerLink(props.agent)}
      // it navigates: a link, though drawn as a button (ButtonBase would say "button")
      role="link"
      variant="outlined"
      color="primary"
      size="small"
      aria-label={`Register ${props.agent.name}`}
    >
      Register
    </LinkButton>
  );
}
