export * from './AgentContent';
export * from './AgentHealth';
export * from './Readiness';
export * from './Scaling';
export * from './Usage';
export * from './AgentsPage';
export * from './GroupAgentsCard';
export * from './A2ACard';
