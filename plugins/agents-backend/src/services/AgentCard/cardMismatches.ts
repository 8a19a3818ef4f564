import { Entity } from '@backstage/catalog-model';
import {
  AGENT_VERSION_ANNOTATION,
  AgentCard,
  AgentCardMismatch,
} from '@agentdeck/plugin-agents-common';

const same = (a: string, b: string) =>
  a.replace(/\s+/g, ' ').trim().toLowerCase() ===
  b.replace(/\s+/g, ' ').trim().toLowerCase();

// "v1.4.2" and "1.4.2" name the same release
const sameVersion = (a: string, b: string) =>
  a.trim().replace(/^v(?=\d)/i, '') === b.trim().replace(/^v(?=\d)/i, '');

/**
 * Where an agent's card, as it says (before masking), and its catalog entity
 * disagree: the name (the entity's name or title), the description, and the
 * version when the entity states one (`agentdeck.io/version`). A field either
 * side lacks is not compared. Texts compare without case and extra spaces.
 */
export function cardMismatches(
  entity: Entity,
  card: Pick<AgentCard, 'name' | 'description' | 'version'>,
): AgentCardMismatch[] {
  const out: AgentCardMismatch[] = [];
  const { name, title, description } = entity.metadata;
  if (!same(card.name, name) && !(title && same(card.name, title)))
    out.push({ field: 'name', catalog: title ?? name, card: card.name });
  // the card's text is cut to its limit: compare as much of the catalog's
  const catalogDescription = description?.replace(/\s+/g, ' ').trim();
  if (catalogDescription && card.description) {
    const cardText = card.description.replace(/…$/, '');
    const cut = card.description.endsWith('…')
      ? catalogDescription.slice(0, cardText.length)
      : catalogDescription;
    if (!same(cardText, cut))
      out.push({
        field: 'description',
        catalog: catalogDescription,
        card: card.description,
      });
  }
  const version = entity.metadata.annotations?.[AGENT_VERSION_ANNOTATION];
  if (version && card.version && !sameVersion(version, card.version))
    out.push({ field: 'version', catalog: version, card: card.version });
  return out;
}
