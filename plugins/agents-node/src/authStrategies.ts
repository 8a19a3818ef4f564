import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  GoogleServiceAccountStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import { KubeConfig } from '@kubernetes/client-node';

/** Providers that authenticate as the signed-in user, and what to use for a background watch instead. */
const USER_TOKEN_PROVIDERS: Record<string, string> = {
  oidc: 'serviceAccount',
  google: 'googleServiceAccount',
  aks: 'azure',
};

/** Options of {@link createAuthStrategies}. @public */
export interface AuthStrategiesOptions {
  config: Config;
  logger: LoggerService;
  /** More strategies by authProvider name, as given to the Kubernetes plugin's auth-strategy extension point; they win over the built-in ones. */
  authStrategies?: ReadonlyMap<string, AuthenticationStrategy>;
  /** Prefixed to the pod's service-account paths (`/var/run/secrets/kubernetes.io/serviceaccount/…`), as kubectl's loadFromCluster takes it. */
  inClusterPathPrefix?: string;
}

/** The Kubernetes plugin's strategies AgentDeck can use in the background, by authProvider. @public */
export interface AuthStrategies {
  get(authProvider: string): AuthenticationStrategy | undefined;
  /** Why a provider cannot be used, or undefined when it can. */
  refusal(authProvider: string): string | undefined;
  /** Where the pod's own service-account token and CA are. */
  inCluster: { tokenFile: string; caFile?: string };
}

/** The pod's service-account files under a prefix, found as kubectl finds them. */
function inClusterKubernetesClient(prefix: string) {
  class InClusterKubeConfig extends KubeConfig {
    loadFromCluster(pathPrefix: string = prefix) {
      super.loadFromCluster(pathPrefix);
    }
  }
  return { KubeConfig: InClusterKubeConfig };
}

function serviceAccountStrategy(client: { KubeConfig: typeof KubeConfig }) {
  const strategy = new ServiceAccountStrategy();
  // Handing the strategy its Kubernetes client (its own seam) moves the
  // in-cluster paths under a prefix and spares it the dynamic import.
  Object.assign(strategy, { injectedKubernetesClient: client });
  return strategy;
}

/**
 * The auth strategies of Backstage's Kubernetes plugin that need no signed-in
 * user: `serviceAccount` (a token, or the pod's own), `aws`,
 * `googleServiceAccount`, `azure`, `localKubectlProxy` and `anonymous`.
 * Each is built on first use.
 * @public
 */
export function createAuthStrategies(
  options: AuthStrategiesOptions,
): AuthStrategies {
  const client = inClusterKubernetesClient(options.inClusterPathPrefix ?? '');
  const builtIn: Record<string, () => AuthenticationStrategy> = {
    serviceAccount: () => serviceAccountStrategy(client),
    aws: () => new AwsIamStrategy({ config: options.config }),
    googleServiceAccount: () =>
      new GoogleServiceAccountStrategy({ config: options.config }),
    azure: () => new AzureIdentityStrategy(options.logger),
    localKubectlProxy: () => new AnonymousStrategy(),
    anonymous: () => new AnonymousStrategy(),
  };
  const built = new Map<string, AuthenticationStrategy>(
    options.authStrategies ?? [],
  );
  const known = () =>
    [...new Set([...Object.keys(builtIn), ...built.keys()])].sort();
  const kc = new client.KubeConfig();
  kc.loadFromCluster();

  return {
    get(authProvider) {
      let strategy = built.get(authProvider);
      if (!strategy && Object.hasOwn(builtIn, authProvider)) {
        strategy = builtIn[authProvider]();
        built.set(authProvider, strategy);
      }
      return strategy;
    },
    refusal(authProvider) {
      if (built.has(authProvider) || Object.hasOwn(builtIn, authProvider))
        return undefined;
      const instead = USER_TOKEN_PROVIDERS[authProvider];
      if (instead)
        return `authProvider "${authProvider}" needs the signed-in user's token; AgentDeck's background watches cannot use it — use ${instead}`;
      return `authProvider "${authProvider}" is not one AgentDeck knows (known: ${known().join(
        ', ',
      )})`;
    },
    inCluster: {
      tokenFile: kc.getCurrentUser()?.authProvider?.config?.tokenFile,
      caFile: kc.getCurrentCluster()?.caFile,
    },
  };
}
