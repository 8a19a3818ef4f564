import { HealthFactsReader } from '../AgentStatus/healthFacts';
import { NoticeStore } from './noticeStore';
import { incidentPayload, recoveryPayload } from './payloads';
import { NotificationSettings } from './types';
import { AgentTurn, SendNotice } from './types';

const KINDS = ['down', 'scaling-limited'] as const;

/**
 * Health incidents: opened when first seen, told once they have lasted past
 * their delay, and followed up once when they clear (only if they were told).
 */
export function createHealthNotices(deps: {
  store: NoticeStore;
  settings: NotificationSettings;
  healthFacts: HealthFactsReader;
  send: SendNotice;
}) {
  const { store, settings, send } = deps;
  return async (turn: AgentTurn): Promise<number> => {
    const { entity, ref, at } = turn;
    const facts = deps.healthFacts(entity);
    // a cluster that cannot answer says nothing about the agent either way
    if (!facts.complete) return 0;
    let sent = 0;
    for (const kind of KINDS) {
      const active =
        kind === 'down' ? Boolean(facts.down) : facts.limitedAtMax.length > 0;
      const minutes =
        kind === 'down' ? settings.downMinutes : settings.scalingLimitedMinutes;
      const incident = await store.incident(ref, kind);
      if (active) {
        const since = incident?.since ?? at;
        if (!incident) await store.open(ref, kind, since);
        if (incident?.notifiedAt || at - since < minutes * 60_000) continue;
        if (!(await store.markNotified(ref, kind, at))) continue;
        const payload = incidentPayload(
          entity,
          `${kind}:${since}`,
          kind,
          facts,
          minutes,
        );
        await send(turn, payload, () => store.unmarkNotified(ref, kind));
        sent += 1;
      } else if (incident && (await store.close(ref, kind, incident.since))) {
        if (!incident.notifiedAt) continue;
        const notice = `${kind}:${incident.since}:recovered`;
        const payload = recoveryPayload(
          entity,
          notice,
          kind,
          incident.since,
          at,
        );
        await send(turn, payload, () => store.restore(ref, kind, incident));
        sent += 1;
      }
    }
    return sent;
  };
}
