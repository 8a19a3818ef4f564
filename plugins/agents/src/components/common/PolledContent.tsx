import { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { PolledState } from '../../hooks';

/**
 * Renders the loading and error states of a polled request; once data has
 * arrived a failing refresh only adds a note, the last data stays visible.
 */
export function PolledContent<T>(props: {
  state: PolledState<T>;
  children: (value: T) => ReactNode;
}) {
  const { value, error, loading } = props.state;
  if (loading) return <Progress />;
  if (value === undefined) {
    return <ResponseErrorPanel error={error ?? new Error('No data')} />;
  }
  return (
    <>
      {error && (
        <Typography variant="caption" color="error" component="p">
          Refresh failed, showing earlier data: {errorText(error)}
        </Typography>
      )}
      {props.children(value)}
    </>
  );
}

/** The most helpful message of an error, including a backend's own message. */
export function errorText(error: Error): string {
  const body = (error as { body?: { error?: { message?: string } } }).body;
  return body?.error?.message ?? error.message;
}
