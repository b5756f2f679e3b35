/**
 * The way in to the network landscape (issue 16): a button in the header that loads the view on
 * first use (`import()`), so its code costs the first screen nothing. One view at a time; × closes
 * and disposes it.
 */
import './landscape-entry.css';

/** What the page exposes of the open view, for tests (null while closed). */
export interface LandscapeHandle {
  readonly view: import('./landscape-view.ts').LandscapeView | null;
  /** The last view opened (kept after it closed, so tests can check what it freed). */
  readonly last: import('./landscape-view.ts').LandscapeView | null;
}

export function addLandscapeEntry(root: HTMLElement, header: HTMLElement): LandscapeHandle {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'landscape-open';
  button.textContent = 'Neural network';
  button.title =
    'Train a small network on a 2-D dataset and watch the optimizers descend its real loss surface';
  const handle: { view: LandscapeHandle['view']; last: LandscapeHandle['last'] } = { view: null, last: null };
  let loading = false;
  button.addEventListener('click', async () => {
    if (handle.view || loading) return;
    loading = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const m = await import('./landscape-view.ts');
      const view = m.openLandscapeView(root);
      handle.view = view;
      handle.last = view;
      const dispose = view.dispose.bind(view);
      view.dispose = () => {
        dispose();
        handle.view = null;
        button.focus();
      };
    } finally {
      loading = false;
      button.removeAttribute('aria-busy');
    }
  });
  header.append(button);
  return handle;
}
