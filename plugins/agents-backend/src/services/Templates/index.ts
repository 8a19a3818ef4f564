export {
  createTemplateVersions,
  readAgentTemplate,
  recordedTemplate,
} from './agentTemplate';
export type { TemplateVersions } from './agentTemplate';
export { createTemplateRecordReader, recordUrl } from './templateRecord';
export type { TemplateRecordReader } from './templateRecord';
export {
  createUpdateProposer,
  scheduleUpdateProposals,
} from './proposeUpdates';
export type { ProposalPass, TemplateUpdateSettings } from './proposeUpdates';
