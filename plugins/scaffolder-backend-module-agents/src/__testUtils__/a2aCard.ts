const REQUIRED = {
  card: [
    'name',
    'description',
    'supportedInterfaces',
    'version',
    'capabilities',
    'defaultInputModes',
    'defaultOutputModes',
    'skills',
  ],
  supportedInterfaces: ['url', 'protocolBinding', 'protocolVersion'],
  skills: ['id', 'name', 'description', 'tags'],
} as const;

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length);

/**
 * What keeps a card from being an A2A 1.0 AgentCard: fields the specification
 * marks REQUIRED (`specification/a2a.proto`; a required list holds at least one
 * element) that are missing or empty, and repeated skill ids.
 */
export function a2aCardProblems(card: any): string[] {
  const problems = REQUIRED.card
    .filter(key => isEmpty(card?.[key]))
    .map(key => `${key} is missing`);
  for (const list of ['supportedInterfaces', 'skills'] as const) {
    (card?.[list] ?? []).forEach((item: any, i: number) => {
      for (const key of REQUIRED[list])
        if (isEmpty(item?.[key]))
          problems.push(`${list}[${i}].${key} is missing`);
    });
  }
  const ids = (card?.skills ?? []).map((s: any) => s?.id);
  if (new Set(ids).size !== ids.length) problems.push('skill ids repeat');
  return problems;
}
