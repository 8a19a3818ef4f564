import { useState } from 'react';
import Box from '@material-ui/core/Box';
import { USAGE_WINDOWS, UsageWindow } from '@agentdeck/plugin-agents-common';
import { AgentRef } from '../../api';
import { useUsage } from '../../hooks';
import { PolledContent, WindowToggle } from '../common';
import { UsageView } from './UsageView';

/** Usage of an agent with a 24h / 7d / 30d toggle. */
export function UsageSection(props: { agent: AgentRef }) {
  const [window, setWindow] = useState<UsageWindow>('24h');
  const state = useUsage(props.agent, window);
  return (
    <>
      <Box display="flex" justifyContent="flex-end" mb={1}>
        <WindowToggle
          windows={USAGE_WINDOWS}
          value={window}
          onChange={setWindow}
          label="usage window"
        />
      </Box>
      <PolledContent state={state}>
        {usage => <UsageView usage={usage} />}
      </PolledContent>
    </>
  );
}
