import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { Alert } from '@material-ui/lab';
import {
  AgentCard,
  AgentCardMismatch,
  AgentCardResponse,
} from '@agentdeck/plugin-agents-common';
import { formatAge } from '../common';

const FIELD_NAMES: Record<AgentCardMismatch['field'], string> = {
  name: 'name',
  description: 'description',
  version: 'version',
};

/** The known bindings by their short names; others are shown as they are. */
const BINDINGS: Record<string, string> = {
  'https://agentdeck.io/bindings/agent-run/v1': 'AgentDeck /agent/run',
  'https://agentdeck.io/bindings/redis-list/v1': 'Redis list',
  'https://agentdeck.io/bindings/nats-jetstream/v1': 'NATS JetStream',
};

const ageOf = (iso: string | undefined, now: number) =>
  iso ? formatAge((now - Date.parse(iso)) / 1000) : undefined;

function Mismatches(props: { mismatches: AgentCardMismatch[] }) {
  if (props.mismatches.length === 0) return null;
  return (
    <Box mb={1} aria-label="card and catalog disagree">
      {props.mismatches.map(m => (
        <Alert key={m.field} severity="warning" style={{ marginBottom: 4 }}>
          {`The card and the catalog disagree on the ${
            FIELD_NAMES[m.field]
          }: the card says "${m.card}", the catalog "${m.catalog}".`}
        </Alert>
      ))}
    </Box>
  );
}

function Section(props: { title: string; children: React.ReactNode }) {
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" component="h3">
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

function CardBody(props: { card: AgentCard }) {
  const { card } = props;
  const yesNo = (v?: boolean) => (v ? 'yes' : 'no');
  return (
    <>
      {card.description && (
        <Typography variant="body2">{card.description}</Typography>
      )}
      <Section title="Interfaces">
        {card.supportedInterfaces.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            None declared.
          </Typography>
        ) : (
          <ul aria-label="interfaces" style={{ margin: 0, paddingLeft: 20 }}>
            {card.supportedInterfaces.map((i, n) => (
              <li key={`${i.url}-${n}`}>
                <Typography variant="body2" component="span">
                  <code>{i.url}</code>
                  {` ${BINDINGS[i.protocolBinding] ?? i.protocolBinding}`}
                  {i.protocolVersion ? ` ${i.protocolVersion}` : ''}
                  {i.tenant ? `, tenant ${i.tenant}` : ''}
                </Typography>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Modes and capabilities">
        <Typography variant="body2">
          {`Input: ${card.defaultInputModes.join(', ') || 'none'}; output: ${
            card.defaultOutputModes.join(', ') || 'none'
          }`}
        </Typography>
        <Typography variant="body2">
          {`Streaming: ${yesNo(
            card.capabilities.streaming,
          )}; push notifications: ${yesNo(
            card.capabilities.pushNotifications,
          )}`}
        </Typography>
      </Section>
      <Section title={`Skills (${card.skills.length})`}>
        {card.skills.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            None declared.
          </Typography>
        ) : (
          <ul aria-label="skills" style={{ margin: 0, paddingLeft: 20 }}>
            {card.skills.map((s, n) => (
              <li key={`${s.id}-${n}`} aria-label={s.name}>
                <Typography variant="body2" component="span">
                  <strong>{s.name}</strong>
                  {s.description ? `: ${s.description}` : ''}
                </Typography>
                {s.tags.length > 0 && (
                  <Box display="inline" ml={1}>
                    {s.tags.map(t => (
                      <Chip
                        key={t}
                        label={t}
                        size="small"
                        variant="outlined"
                        style={{ marginRight: 4 }}
                      />
                    ))}
                  </Box>
                )}
                {s.examples.length > 0 && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="p"
                  >
                    {`e.g. ${s.examples.map(e => `"${e}"`).join(', ')}`}
                  </Typography>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
      {card.problems && card.problems.length > 0 && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="p"
          style={{ marginTop: 8 }}
        >
          {`The card is incomplete: ${card.problems.join('; ')}.`}
        </Typography>
      )}
    </>
  );
}

/**
 * An agent's A2A card: version, interfaces, modes and skills, a warning per
 * field on which it and the catalog disagree, and why there is none when
 * there is none. Everything the agent wrote is shown as text, never as a link.
 */
export function A2ACardView(props: {
  response: AgentCardResponse;
  now?: number;
}) {
  const { response: r } = props;
  const now = props.now ?? Date.now();
  const read = ageOf(r.fetchedAt, now);
  const source = r.source
    ? ` from pod ${r.source.pod} in ${r.source.cluster}`
    : '';
  if (r.state === 'pending' && !r.card)
    return (
      <Typography variant="body2" color="textSecondary">
        Reading the agent's card from its pod…
      </Typography>
    );
  if (r.state === 'failed')
    return (
      <Alert severity="error">
        {`The agent's card could not be read${source}: ${
          r.error ?? 'no reason given'
        }.`}
      </Alert>
    );
  if (!r.card)
    return (
      <Typography variant="body2" color="textSecondary">
        The agent is not running: no ready pod to read its card from.
      </Typography>
    );
  return (
    <>
      {r.state === 'not-running' && (
        <Alert severity="info" style={{ marginBottom: 8 }}>
          The agent is not running now; this is the card it last served.
        </Alert>
      )}
      <Mismatches mismatches={r.mismatches} />
      <Box display="flex" alignItems="baseline" style={{ gap: 8 }}>
        <Typography variant="h6" component="p">
          {r.card.name}
        </Typography>
        <Typography variant="body2" aria-label="version">
          {r.card.version ? `version ${r.card.version}` : 'no version'}
        </Typography>
      </Box>
      <Typography variant="caption" color="textSecondary" component="p">
        {`Read${source}${read ? ` ${read}` : ''}${
          r.podTemplateHash ? `, rollout ${r.podTemplateHash}` : ''
        }; read again at the next rollout.`}
      </Typography>
      <CardBody card={r.card} />
    </>
  );
}
