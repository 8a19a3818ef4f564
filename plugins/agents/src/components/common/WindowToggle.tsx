import { ToggleButton, ToggleButtonGroup } from '@material-ui/lab';

/** A small exclusive toggle between time windows. */
export function WindowToggle<W extends string>(props: {
  windows: readonly W[];
  value: W;
  onChange: (w: W) => void;
  label: string;
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={props.value}
      aria-label={props.label}
      onChange={(_e, v: W | null) => v && props.onChange(v)}
    >
      {props.windows.map(w => (
        <ToggleButton key={w} value={w} aria-label={w}>
          {w}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
