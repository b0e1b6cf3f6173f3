/** The login form: the API token in, a session cookie out (src/preview/session.ts). */
import { el } from './html.js';
import { renderLayout } from './layout.js';

export function renderLoginPage(o: { siteName: string; next: string; error?: string }): string {
  return renderLayout({
    title: 'Log in',
    siteName: o.siteName,
    mainClass: 'login',
    body: el(
      'div',
      { class: 'panel' },
      el('h1', null, 'Editor preview'),
      el('p', { class: 'muted' }, 'See every story as X, Facebook, LinkedIn, Bluesky, WhatsApp, Slack and Discord will show it. Log in with the sharecard API token.'),
      el(
        'form',
        { method: 'post', action: '/preview/login' },
        o.error ? el('p', { class: 'error-box', role: 'alert', id: 'login-error' }, o.error) : null,
        el('label', { for: 'token' }, 'API token'),
        el('input', {
          id: 'token',
          name: 'token',
          type: 'password',
          autocomplete: 'current-password',
          required: true,
          autofocus: true,
          'aria-describedby': o.error ? 'login-error' : null,
        }),
        el('input', { type: 'hidden', name: 'next', value: o.next }),
        el('button', { type: 'submit', class: 'primary' }, 'Log in'),
      ),
    ),
  });
}
