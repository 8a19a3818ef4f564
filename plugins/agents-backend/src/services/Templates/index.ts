export {
  createTemplateVersions,
  readAgentTemplate,
  recordedTemplate,
} from './agentTemplate';
export type { TemplateVersions } from './agentTemplate';
