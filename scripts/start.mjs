// ./agentdeck start: the demo, with the sandbox clusters as its Kubernetes.
import { startStack } from './lib/stack.mjs';

const stack = await startStack({
  timeScale: Number(process.env.AGENTDECK_TIME_SCALE ?? 10),
});
const names = stack.clusters.map(c => `${c.name} (${c.url})`).join(', ');
process.stdout.write(`
  AgentDeck is running: ${stack.appUrl}
  Sandbox clusters: ${names}
  kubectl: kubectl --kubeconfig .agentdeck/kubeconfig get pods -A
  Stop with Ctrl-C.

`);
const shutdown = async () => {
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
