// Repo-wide jest resolver. kubernetes-models packages export only an "import"
// condition, which jest (resolving with "require") cannot see. It is set for
// every package alike: with it on one project only, jest workers that also run
// other projects' suites were seen to resolve these modules without it.
const ESM_ONLY = /^(@kubernetes-models\/|kubernetes-models(\/|$))/;

module.exports = (path, options) =>
  options.defaultResolver(
    path,
    ESM_ONLY.test(path)
      ? { ...options, conditions: ['import', 'default'] }
      : options,
  );
