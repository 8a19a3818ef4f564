import { useEntity } from '@backstage/plugin-catalog-react';
import { AgentRef } from '../api';

/** The namespace and name of the entity whose page is shown. */
export function useAgentRef(): AgentRef {
  const { entity } = useEntity();
  return {
    namespace: entity.metadata.namespace ?? 'default',
    name: entity.metadata.name,
  };
}
