export * from './usePolling';
export * from './usePageVisible';
export * from './useAgentRef';
export * from './useAgentData';
export * from './useAgentLink';
export * from './useRegisterLink';
