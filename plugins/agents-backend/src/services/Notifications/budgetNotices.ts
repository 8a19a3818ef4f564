import { BudgetBurnReader } from './budgetBurn';
import { NoticeStore } from './noticeStore';
import { budgetProjectionPayload, budgetThresholdPayload } from './payloads';
import { NotificationSettings } from './types';
import { AgentTurn, SendNotice } from './types';

/** Budget thresholds and the projected overrun, each once per agent and month. */
export function createBudgetNotices(deps: {
  store: NoticeStore;
  settings: NotificationSettings;
  budgetBurn: BudgetBurnReader;
  send: SendNotice;
}) {
  const { store, settings, send } = deps;
  return async (turn: AgentTurn): Promise<number> => {
    const { entity, ref, at } = turn;
    const burn = await deps.budgetBurn(entity);
    if (!burn) return 0;
    const percent = (burn.spentThisMonthUsd / burn.monthlyUsd) * 100;
    const fresh: string[] = [];
    let top: number | undefined;
    for (const t of settings.budgetThresholds.filter(x => percent >= x)) {
      const notice = `budget:${burn.month}:${t}`;
      if (await store.claim(ref, notice, at)) {
        fresh.push(notice);
        top = t;
      }
    }
    let sent = 0;
    // several thresholds passed at once (a first run, an outage): say only the highest
    if (top !== undefined) {
      const notice = fresh[fresh.length - 1];
      await send(
        turn,
        budgetThresholdPayload(entity, notice, top, burn),
        async () => {
          for (const n of fresh) await store.release(ref, n);
        },
      );
      sent += 1;
    }
    const over = burn.projectedMonthUsd > burn.monthlyUsd && percent < 100;
    const notice = `budget:${burn.month}:projected`;
    if (
      settings.projectedOverrun &&
      over &&
      (await store.claim(ref, notice, at))
    ) {
      const payload = budgetProjectionPayload(entity, notice, burn);
      await send(turn, payload, () => store.release(ref, notice));
      sent += 1;
    }
    return sent;
  };
}
