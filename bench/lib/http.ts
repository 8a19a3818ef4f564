import { mockCredentials } from '@backstage/backend-test-utils';

const auth = { Authorization: mockCredentials.user.header() };

/** GET as a signed-in user; throws unless 2xx. */
export async function getJson<T = any>(url: string): Promise<T> {
  const res = await fetch(url, { headers: auth });
  if (!res.ok)
    throw new Error(
      `GET ${url}: ${res.status} ${(await res.text()).slice(0, 300)}`,
    );
  return (await res.json()) as T;
}

/** POST JSON as a signed-in user; throws unless 2xx. */
export async function postJson<T = any>(
  url: string,
  body: unknown,
): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok)
    throw new Error(
      `POST ${url}: ${res.status} ${(await res.text()).slice(0, 300)}`,
    );
  return (await res.json()) as T;
}
