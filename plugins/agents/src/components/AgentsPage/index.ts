export { AgentsPage, AgentsOverview } from './AgentsPage';
export { AgentsTable } from './AgentsTable';
export { OwnerRollupTable } from './OwnerRollupTable';
export * from './overviewModel';
