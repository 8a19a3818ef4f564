import MemoryIcon from '@material-ui/icons/Memory';

/** Icon of the Agents page and its nav item. */
export function AgentsIcon() {
  return <MemoryIcon fontSize="inherit" />;
}
