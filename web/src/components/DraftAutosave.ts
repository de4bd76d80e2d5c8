// 草稿: a half-filled task form kept on the server as the person types, so that a reload, a closed
// tab or another computer loses nothing. Saved a moment after the last change, not on every key.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';

/** How long typing must pause before the draft is saved. */
const SAVE_AFTER_MS = 1500;

export interface DraftAutosave {
  /** Call on every change with the form's values as the API takes them. */
  changed: (values: Record<string, unknown>) => void;
  /** When the draft was last kept (ISO), or null when there is none. */
  savedAt: string | null;
  failed: boolean;
  /** Forget the draft (on the server too); pending saves are dropped. */
  discard: () => Promise<void>;
  /** The form is being submitted: nothing more is saved unless `resume`d (the submission failed). */
  stop: () => void;
  resume: () => void;
}

export function useDraftAutosave(taskId: string, initialSavedAt: string | null, enabled: boolean): DraftAutosave {
  const [savedAt, setSavedAt] = useState<string | null>(initialSavedAt);
  const [failed, setFailed] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stopped = useRef(!enabled);

  // The task's answer arrives after the first render, with the draft it restored.
  useEffect(() => setSavedAt(initialSavedAt), [initialSavedAt]);
  useEffect(() => {
    stopped.current = !enabled;
    return () => clearTimeout(timer.current);
  }, [enabled]);

  const changed = useCallback(
    (values: Record<string, unknown>) => {
      if (stopped.current) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        if (stopped.current) return;
        api<{ savedAt: string }>('PUT', `/tasks/${taskId}/draft`, { values })
          .then((saved) => {
            setSavedAt(saved.savedAt);
            setFailed(false);
          })
          .catch(() => setFailed(true));
      }, SAVE_AFTER_MS);
    },
    [taskId],
  );

  const stop = useCallback(() => {
    stopped.current = true;
    clearTimeout(timer.current);
  }, []);

  const resume = useCallback(() => {
    stopped.current = !enabled;
  }, [enabled]);

  const discard = useCallback(async () => {
    clearTimeout(timer.current);
    await api('DELETE', `/tasks/${taskId}/draft`);
    setSavedAt(null);
  }, [taskId]);

  return { changed, savedAt, failed, discard, stop, resume };
}
