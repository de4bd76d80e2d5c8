// Pages are separate files fetched on first use. After a new version is deployed, a tab opened
// before it asks for files that no longer exist: instead of a blank screen, reload once to get
// the new version, and if that does not help, say so with a button to try again.
import { Component, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';

const RELOADED_AT = 'fulian-flow:reloaded-for-new-version';

/** Vite's event for a page file that failed to load: one automatic reload a minute at most. */
export function reloadOnStalePages(): void {
  window.addEventListener('vite:preloadError', (event) => {
    const last = Number(sessionStorage.getItem(RELOADED_AT) ?? 0);
    if (Date.now() - last < 60_000) return; // reloaded a moment ago: let the boundary show it
    event.preventDefault();
    sessionStorage.setItem(RELOADED_AT, String(Date.now()));
    window.location.reload();
  });
}

function PageLoadFailed() {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t('error.pageLoad')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('error.reload')}
        </Button>
      }
    />
  );
}

export class PageLoadBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  render(): ReactNode {
    return this.state.failed ? <PageLoadFailed /> : this.props.children;
  }
}
