import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AgentCardResponse,
  AgentDriftResponse,
  AgentStatusResponse,
  AgentTemplateResponse,
  OverviewResponse,
  ScalingHistoryResponse,
  UsageResponse,
  UsageWindow,
} from '@agentdeck/plugin-agents-common';
import { AgentRef, AgentsApi } from './AgentsApi';

/** {@link AgentsApi} over HTTP, through the discovery and fetch APIs. @public */
export class AgentsClient implements AgentsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getStatus(agent: AgentRef): Promise<AgentStatusResponse> {
    return this.get(`${entityPath(agent)}/status`);
  }

  getCard(agent: AgentRef): Promise<AgentCardResponse> {
    return this.get(`${entityPath(agent)}/card`);
  }

  getTemplate(agent: AgentRef): Promise<AgentTemplateResponse> {
    return this.get(`${entityPath(agent)}/template`);
  }

  getDrift(agent: AgentRef): Promise<AgentDriftResponse> {
    return this.get(`${entityPath(agent)}/drift`);
  }

  getScalingHistory(
    agent: AgentRef,
    range: { from: Date; to: Date },
  ): Promise<ScalingHistoryResponse> {
    return this.get(`${entityPath(agent)}/scaling`, {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
    });
  }

  getUsage(agent: AgentRef, window: UsageWindow): Promise<UsageResponse> {
    return this.get(`${entityPath(agent)}/usage`, { window });
  }

  getOverview(
    filter: { owner?: string; system?: string } = {},
  ): Promise<OverviewResponse> {
    return this.get('/overview', filter);
  }

  private async get<T>(
    path: string,
    query: Record<string, string | undefined> = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('agents');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value) params.set(key, value);
    }
    const qs = params.toString();
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${qs ? `?${qs}` : ''}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function entityPath(agent: AgentRef): string {
  return `/entities/${encodeURIComponent(agent.namespace)}/${encodeURIComponent(
    agent.name,
  )}`;
}
