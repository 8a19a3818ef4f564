import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { TEMPLATE_RECORD_PATH } from '@agentdeck/plugin-agents-common';
import { repositoryUrl } from '../Drift';

/** A record read is kept this long: templates and inputs change rarely. */
const CACHE_MS = 5 * 60_000;
/** Larger records are refused: the inputs of a form are a few kilobytes. */
const MAX_BYTES = 256 * 1024;

/** The form inputs an agent's repository records, read through the UrlReader. */
export interface TemplateRecordReader {
  /** The recorded inputs; undefined when the repository or its record cannot be read. */
  inputs(entity: Entity): Promise<Record<string, unknown> | undefined>;
}

/** The record's URL in the agent's repository (see {@link repositoryUrl}). */
export function recordUrl(entity: Entity): string | undefined {
  const root = repositoryUrl(entity);
  return root ? new URL(TEMPLATE_RECORD_PATH, root).href : undefined;
}

/**
 * Reads `.agentdeck/template.json` from the agent's repository, for "Propose
 * update" to fill the template's form with. Cached per agent; a failure is
 * logged once at warn per agent and cause, and answers undefined.
 */
export function createTemplateRecordReader(deps: {
  reader: UrlReaderService;
  logger: LoggerService;
}): TemplateRecordReader {
  const cache = new Map<
    string,
    { at: number; inputs?: Record<string, unknown> }
  >();
  const warned = new Set<string>();
  return {
    async inputs(entity) {
      const key = stringifyEntityRef(entity);
      const hit = cache.get(key);
      if (hit && Date.now() - hit.at < CACHE_MS) return hit.inputs;
      const url = recordUrl(entity);
      let inputs: Record<string, unknown> | undefined;
      try {
        if (!url) throw new Error('its entity names no repository URL');
        const buffer = await (await deps.reader.readUrl(url)).buffer();
        if (buffer.length > MAX_BYTES)
          throw new Error(
            `${TEMPLATE_RECORD_PATH} is larger than ${MAX_BYTES} bytes`,
          );
        const record = JSON.parse(buffer.toString('utf8'));
        if (
          !record ||
          typeof record.inputs !== 'object' ||
          Array.isArray(record.inputs)
        )
          throw new Error(`${TEMPLATE_RECORD_PATH} has no inputs object`);
        inputs = record.inputs;
      } catch (e) {
        const message = `Could not read the template record of ${key}: ${
          (e as Error).message
        }`;
        if (!warned.has(message)) {
          warned.add(message);
          deps.logger.warn(message);
        }
      }
      cache.set(key, { at: Date.now(), inputs });
      return inputs;
    },
  };
}
