export { AgentDrift, DriftView, DRIFT_POLL_INTERVAL_MS } from './AgentDrift';
