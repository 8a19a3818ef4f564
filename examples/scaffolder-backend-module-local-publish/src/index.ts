/**
 * Demo tooling for AgentDeck's example backend: a local Git publisher for the scaffolder and a
 * UrlReader that serves what it published. Not part of the shipped plugins.
 *
 * @packageDocumentation
 */
export { scaffolderModuleLocalPublish as default } from './module';
export {
  createPublishLocalAction,
  localPublishDirectory,
} from './actions/publishLocal';
export { localPublishLayout } from './actions/localRepos';
export {
  createPublishLocalBranchAction,
  createLocateLocalRepoAction,
  localBranchCheckout,
} from './actions/publishLocalBranch';
export {
  LocalRepoUrlReader,
  localRepoReaderFactory,
  localRepoUrlReaderServiceFactory,
} from './urlReader/localRepoUrlReader';
