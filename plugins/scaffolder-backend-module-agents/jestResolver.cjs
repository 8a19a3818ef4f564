// kubernetes-models packages export only an "import" condition; jest resolves with "require".
// Test-only: the models validate generated manifests and never ship in the plugin.
const ESM_ONLY = /^(@kubernetes-models\/|kubernetes-models(\/|$))/;

module.exports = (path, options) =>
  options.defaultResolver(
    path,
    ESM_ONLY.test(path) ? { ...options, conditions: ['import', 'default'] } : options,
  );
