import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import { AgentFilter, FILTER_KEYS } from './overviewModel';
import { shortRef } from '../common';

const ALL = '__all__';

/** Owner, system, type and state selects of the Agents page. */
export function AgentFilters(props: {
  options: Record<(typeof FILTER_KEYS)[number], string[]>;
  value: AgentFilter;
  onChange: (f: AgentFilter) => void;
}) {
  return (
    <Box display="flex" flexWrap="wrap" mb={2} style={{ gap: 16 }}>
      {FILTER_KEYS.map(key => (
        <FormControl key={key} style={{ minWidth: 160 }}>
          <InputLabel id={`agents-filter-${key}`}>{key}</InputLabel>
          <Select
            labelId={`agents-filter-${key}`}
            value={props.value[key] ?? ALL}
            onChange={e => {
              const v = String(e.target.value);
              props.onChange({
                ...props.value,
                [key]: v === ALL ? undefined : v,
              });
            }}
          >
            <MenuItem value={ALL}>all</MenuItem>
            {props.options[key].map(v => (
              <MenuItem key={v} value={v}>
                {key === 'owner' ? shortRef(v) : v}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      ))}
    </Box>
  );
}
