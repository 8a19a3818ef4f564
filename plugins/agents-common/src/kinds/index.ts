export * from './AgentEntityV1alpha1';
