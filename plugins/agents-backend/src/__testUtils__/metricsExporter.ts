import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/** One counter line the exporter serves; it grows by `step` at every scrape. */
export interface GrowingCounter {
  name: string;
  labels: Record<string, string>;
  step: number;
  type?: 'counter' | 'histogram-sum';
}

const escape = (v: string) =>
  v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Renders counters as the Prometheus text exposition format. */
export function renderExposition(
  rows: Array<{ name: string; labels: Record<string, string>; value: number }>,
) {
  const families = new Set<string>();
  const lines: string[] = [];
  for (const r of rows) {
    const family = r.name.replace(/_(sum|count|bucket)$/, '');
    if (!families.has(family)) {
      families.add(family);
      lines.push(`# HELP ${family} test metric`);
      lines.push(
        `# TYPE ${family} ${family === r.name ? 'counter' : 'histogram'}`,
      );
    }
    const labels = Object.entries(r.labels).map(
      ([k, v]) => `${k}="${escape(v)}"`,
    );
    lines.push(`${r.name}{${labels.join(',')}} ${r.value}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * An HTTP `/metrics` endpoint on 127.0.0.1 whose counters grow per scrape.
 * With `steps`, they show 0 at the first scrape and stop after growing
 * `steps` times: a counter's whole increase is `step * steps`, known
 * exactly, and a range that ends at a scrape holds it without extrapolation.
 */
export async function startMetricsExporter(
  counters: GrowingCounter[],
  opts: { steps?: number } = {},
) {
  let scrapes = 0;
  const grown = () =>
    opts.steps === undefined
      ? scrapes
      : Math.min(Math.max(scrapes - 1, 0), opts.steps);
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    scrapes += 1;
    const n = grown();
    const rows = counters.flatMap(c => {
      const value = c.step * n;
      if (c.type !== 'histogram-sum')
        return [{ name: c.name, labels: c.labels, value }];
      return [
        { name: `${c.name}_sum`, labels: c.labels, value },
        { name: `${c.name}_count`, labels: c.labels, value: n },
      ];
    });
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(renderExposition(rows));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    /** How often `/metrics` was read. */
    scrapes: () => scrapes,
    stop: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
