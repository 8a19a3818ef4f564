export { GroupAgentsCard } from './GroupAgentsCard';
