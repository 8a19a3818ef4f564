const MAX_PATH = 256;

/**
 * Whether a path may follow `pods/<pod>/proxy`. Probe paths come from pod
 * specs, which the pod's author controls: dot segments, encoded separators,
 * queries or fragments could steer the backend's request elsewhere.
 */
export function isSafeProxyPath(path: string): boolean {
  if (path.length === 0 || path.length > MAX_PATH) return false;
  if (path.includes('..') || /[?#%\\]/.test(path)) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0020\u007f]/.test(path);
}

/** A pod's readiness path, or `/readyz` when the spec's path is unsafe. */
export function safeProbePath(path: string | undefined): string {
  if (path === undefined) return '/readyz';
  const withSlash = path.startsWith('/') ? path : `/${path}`;
  return isSafeProxyPath(withSlash) ? withSlash : '/readyz';
}
