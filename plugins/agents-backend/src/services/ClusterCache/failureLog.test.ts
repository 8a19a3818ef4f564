import { mockServices } from '@backstage/backend-test-utils';
import { createFailureLog, describeFailure } from './failureLog';
import { KubeRequestError } from './kubeClient';

describe('createFailureLog', () => {
  it('warns once per cluster, resource and cause in a window, and again after it', async () => {
    const logger = mockServices.logger.mock();
    const log = createFailureLog(logger, 100);
    log.warn('eu', 'pods', 403, 'first');
    log.warn('eu', 'pods', 403, 'repeat');
    log.warn('eu', 'pods', 429, 'other cause');
    log.warn('us', 'pods', 403, 'other cluster');
    log.warn('eu', 'events', 403, 'other resource');
    expect(logger.warn.mock.calls.map(c => c[0])).toEqual([
      'first',
      'other cause',
      'other cluster',
      'other resource',
    ]);
    expect(logger.debug).toHaveBeenCalledWith('repeat');
    await new Promise(r => setTimeout(r, 120));
    log.warn('eu', 'pods', 403, 'after the window');
    expect(logger.warn).toHaveBeenLastCalledWith('after the window');
  });

  it('says what to do about 401, 403 and 429', () => {
    const say = (status: number) =>
      describeFailure(
        'eu',
        'deployments.apps',
        new KubeRequestError('error', `HTTP ${status}: x`, status),
      );
    expect(say(401)).toBe(
      "Kubernetes cluster eu rejects AgentDeck's credentials listing deployments.apps (HTTP 401): check its serviceAccountToken",
    );
    expect(say(403)).toBe(
      'Kubernetes cluster eu forbids AgentDeck to list deployments.apps (HTTP 403): grant list and watch on deployments.apps',
    );
    expect(say(429)).toBe(
      'Kubernetes cluster eu: the API server throttles AgentDeck (429) on deployments.apps; it backs off',
    );
  });
});
