export { AgentsPage, AgentsOverview } from './AgentsPage';
export { AgentsTable } from './AgentsTable';
export { OwnerRollupTable } from './OwnerRollupTable';
export * from './overviewModel';
export { UnregisteredTable, ownerSourceText } from './UnregisteredTable';
export { RegisterButton } from './RegisterButton';
