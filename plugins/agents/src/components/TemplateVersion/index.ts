export {
  AgentTemplateLine,
  TemplateView,
  templateText,
} from './AgentTemplateLine';
export { TemplateBehindFilter, behindTemplate } from './TemplateBehindFilter';
