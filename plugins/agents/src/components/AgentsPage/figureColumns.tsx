import { CSSProperties } from 'react';
import { TableColumn } from '@backstage/core-components';
import { AgentState } from '@agentdeck/plugin-agents-common';
import { formatTokens, formatUsd } from '../common';

/** Worst first, for sorting by state. */
export const STATE_ORDER: Record<AgentState, number> = {
  down: 0,
  degraded: 1,
  unknown: 2,
  healthy: 3,
};

// a new object for each column: the Table adds to a highlighted column's style in place
export const noWrap = (): CSSProperties => ({ whiteSpace: 'nowrap' });

/** What every agent row shows of its replicas and its last 24 h of usage. */
export interface AgentFigures {
  replicas: { ready: number; desired: number };
  tokens24h: { input: number; output: number };
  cost24hUsd: number;
  usageError?: string;
}

const tokens = (a: AgentFigures) => a.tokens24h.input + a.tokens24h.output;

/** The ready/desired, tokens and cost columns, alike for catalog and unregistered agents. */
export function figureColumns<T extends AgentFigures>(): TableColumn<T>[] {
  return [
    {
      // counted from the pods, as the state is: "0/3" beside "3 of 3 pods not ready"
      title: 'Ready / desired',
      field: 'replicas.ready',
      type: 'numeric',
      cellStyle: noWrap(),
      customSort: (a, b) => a.replicas.ready - b.replicas.ready,
      render: a => `${a.replicas.ready}/${a.replicas.desired}`,
    },
    {
      title: 'Tokens 24h',
      field: 'tokens24h.input',
      type: 'numeric',
      cellStyle: noWrap(),
      customSort: (a, b) => tokens(a) - tokens(b),
      render: a =>
        `${formatTokens(a.tokens24h.input)} in / ${formatTokens(
          a.tokens24h.output,
        )} out`,
    },
    {
      title: 'Cost 24h',
      field: 'cost24hUsd',
      type: 'numeric',
      cellStyle: noWrap(),
      render: a =>
        a.usageError ? (
          <span title={a.usageError}>unknown</span>
        ) : (
          formatUsd(a.cost24hUsd)
        ),
    },
  ];
}
