export * from './formatters';
export * from './StateChip';
export * from './PolledContent';
export * from './ClusterErrors';
export * from './NoWorkloads';
export * from './WindowToggle';
