import { render, screen } from '@testing-library/react';
import App from './App';

// Past sign-in the sidebar needs the plugins that `app.packages: all`
// discovers at build time (notifications, the Agents page), which jest does
// not load: the signed-in app is covered by the e2e suites, whose every visit
// waits for the sidebar nav.
describe('App', () => {
  it('boots with its config and offers the guest sign-in', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'AgentDeck test' },
            backend: { baseUrl: 'http://localhost:7007' },
            techdocs: {
              storageUrl: 'http://localhost:7007/api/techdocs/static/docs',
            },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 15000 }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'AgentDeck test' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Guest')).toBeInTheDocument();
  }, 30000);
});
