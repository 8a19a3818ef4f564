import { Entity } from '@backstage/catalog-model';
import { CachedHpa, ClusterSnapshot } from '../ClusterCache';

const SCALED_OBJECTS = 'scaledobjects.keda.sh';
/** KEDA labels the HPA it creates for a ScaledObject with this. */
const KEDA_HPA_LABEL = 'scaledobject.keda.sh/name';

/**
 * What this agent needs and AgentDeck may not read in the cluster. Only KEDA
 * agents miss their ScaledObject: HPA-only agents are not told about it.
 */
export function notVisibleFor(
  entity: Entity,
  snap: ClusterSnapshot,
  hpas: CachedHpa[],
): string[] {
  const hidden = snap.notVisible?.find(n => n.resource === SCALED_OBJECTS);
  if (!hidden) return [];
  const scaling = (entity.spec as { scaling?: { mode?: unknown } } | undefined)
    ?.scaling;
  const keda =
    scaling?.mode === 'keda' ||
    hpas.some(h => h.labels[KEDA_HPA_LABEL] !== undefined);
  return keda ? [hidden.message] : [];
}
