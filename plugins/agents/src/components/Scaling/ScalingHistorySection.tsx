import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { AgentRef } from '../../api';
import { SCALING_WINDOWS, ScalingWindow, useScalingHistory } from '../../hooks';
import { PolledContent, WindowToggle } from '../common';
import { eventText, ReplicaChart } from './ReplicaChart';
import { groupSeries } from './groupSeries';

const WINDOWS = Object.keys(SCALING_WINDOWS) as ScalingWindow[];
/** Rescales listed under the charts until the user asks for all (a week has hundreds). */
const LISTED_RESCALES = 10;

/** Replica history over a chosen window, with the rescale events listed. */
export function ScalingHistorySection(props: { agent: AgentRef }) {
  const [window, setWindow] = useState<ScalingWindow>('6h');
  const state = useScalingHistory(props.agent, window);
  const [allRescales, setAllRescales] = useState(false);
  return (
    <Box mt={2}>
      <Box display="flex" justifyContent="space-between" alignItems="center">
        <Typography variant="subtitle2">Replicas over time</Typography>
        <WindowToggle
          windows={WINDOWS}
          value={window}
          onChange={setWindow}
          label="history window"
        />
      </Box>
      <PolledContent state={state}>
        {history => {
          const series = groupSeries(history);
          if (series.length === 0) {
            return (
              <Typography variant="body2" color="textSecondary">
                No replica samples in this window (history is kept for{' '}
                {history.retentionDays} days).
              </Typography>
            );
          }
          const events = [...history.events].sort(
            (a, b) => Date.parse(b.at) - Date.parse(a.at),
          );
          return (
            <>
              {series.map(s => (
                <ReplicaChart
                  key={s.key}
                  title={
                    series.filter(o => o.cluster === s.cluster).length > 1
                      ? `${s.cluster}: ${s.autoscaler}`
                      : s.cluster
                  }
                  label={`Replicas of ${s.autoscaler} in ${s.cluster}`}
                  samples={s.samples}
                  events={s.events}
                  from={history.from}
                  to={history.to}
                />
              ))}
              <Typography variant="caption" color="textSecondary" component="p">
                Times in UTC. Solid: current replicas; dashed: desired; band:
                min to max; markers: rescales (hover one for its reason).
              </Typography>
              {events.length > 0 && (
                <ul aria-label="rescale events">
                  {(allRescales
                    ? events
                    : events.slice(0, LISTED_RESCALES)
                  ).map(e => (
                    <li key={`${e.at}/${e.cluster}/${e.object}`}>
                      <Typography variant="body2">{`${e.cluster}: ${eventText(
                        e,
                      )}`}</Typography>
                    </li>
                  ))}
                </ul>
              )}
              {events.length > LISTED_RESCALES && (
                <Button
                  size="small"
                  onClick={() => setAllRescales(!allRescales)}
                >
                  {allRescales
                    ? `Show the newest ${LISTED_RESCALES} rescales`
                    : `Show all ${events.length} rescales`}
                </Button>
              )}
            </>
          );
        }}
      </PolledContent>
    </Box>
  );
}
