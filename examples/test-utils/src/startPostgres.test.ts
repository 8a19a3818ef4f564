import { connect } from 'node:net';
import { startPostgres } from './startPostgres';

jest.setTimeout(60_000);

/** What a TCP connection to the port meets: 'connected' or the error code. */
function knock(port: number): Promise<string> {
  return new Promise(resolve => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? ''));
  });
}

describe('startPostgres', () => {
  it('serves new databases that a second client shares, until stopped', async () => {
    const pg = await startPostgres();
    try {
      const db = await pg.createDatabase('shared');
      const version = await db.raw('SELECT version()');
      expect(version.rows[0].version).toMatch(/^PostgreSQL \d+/);
      await db.schema.createTable('notes', t => t.integer('n'));
      await db('notes').insert({ n: 42 });

      const again = pg.connect('shared');
      expect(await again('notes').select('n')).toEqual([{ n: 42 }]);
      const other = await pg.createDatabase('other');
      expect(await other.schema.hasTable('notes')).toBe(false);
      expect(await knock(pg.port)).toBe('connected');
    } finally {
      await pg.stop();
    }
    expect(await knock(pg.port)).toBe('ECONNREFUSED');
  });
});
