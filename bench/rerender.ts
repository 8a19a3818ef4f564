// Writes bench/results/latest.md again from latest.json (after a change to the report's wording).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport } from './lib/report';

const dir = join(__dirname, 'results');
const results = JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8'));
writeFileSync(join(dir, 'latest.md'), renderReport(results).markdown);
