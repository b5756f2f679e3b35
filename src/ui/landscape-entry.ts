/**
 * The way in to the network landscape (issue 16): a button in the header that loads the view on
 * first use (`import()`), so its code costs the first screen nothing; or a network link (`#nn=1&…`,
 * app/landscape-link.ts), which loads it at once and reruns the linked experiment. One view at a
 * time; × closes and disposes it.
 *
 * The address bar holds one link at a time. While the view shows a result it holds the view's link;
 * the explorer's own link (written by its `HashSync` through `explorerLocation`) is kept aside and put
 * back when the view closes. The explorer never reads a network link as its own: to it, a page opened
 * on one is a page opened on its last session (or the default).
 */
import './landscape-entry.css';
import { isNetLink } from '../app/landscape-link-key.ts';
import type { LocationEnv } from '../app/permalink.ts';

/** What the page exposes of the open view, for tests (null while closed). */
export interface LandscapeHandle {
  readonly view: import('./landscape-view.ts').LandscapeView | null;
  /** The last view opened (kept after it closed, so tests can check what it freed). */
  readonly last: import('./landscape-view.ts').LandscapeView | null;
  /** True when the page was opened on a network link. */
  readonly openedOnLink: boolean;
  /** The explorer's location, which keeps its link aside while the view's is in the address bar. */
  explorerLocation(env: LocationEnv): LocationEnv;
}

const replaceHash = (hash: string) =>
  window.history.replaceState(
    window.history.state,
    '',
    hash === '' ? `${location.pathname}${location.search}` : `#${hash}`,
  );
const currentHash = () => window.location.hash.replace(/^#/, '');

export function addLandscapeEntry(root: HTMLElement, header: HTMLElement): LandscapeHandle {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'landscape-open';
  button.textContent = 'Neural network';
  button.title =
    'Train a small network on a 2-D dataset and watch the optimizers descend its real loss surface';
  const openedOnLink = isNetLink(currentHash());
  /** The explorer's link, kept while the address bar shows the view's. */
  let explorerHash = openedOnLink ? '' : currentHash();
  const handle: {
    view: LandscapeHandle['view'];
    last: LandscapeHandle['last'];
    openedOnLink: boolean;
    explorerLocation: LandscapeHandle['explorerLocation'];
  } = {
    view: null,
    last: null,
    openedOnLink,
    explorerLocation: (env) => ({
      ...env,
      readHash: () => {
        const hash = env.readHash();
        return isNetLink(hash) ? explorerHash : hash;
      },
      writeHash: (hash) => {
        explorerHash = hash;
        if (!isNetLink(env.readHash())) env.writeHash(hash);
      },
      // A network link navigated to is the view's (below), not the explorer's.
      onHashChange: (listener) =>
        env.onHashChange(() => {
          if (!isNetLink(env.readHash())) listener();
        }),
    }),
  };
  let loading = false;
  /** A network link that arrived while the view's code was loading: opened once it is here. */
  let queued: string | null = null;
  /** Opens the view, on a network link's configuration when `link` is given. */
  const open = async (link: string | null): Promise<void> => {
    if (loading) {
      if (link !== null) queued = link;
      return;
    }
    if (handle.view && link === null) return;
    loading = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const m = await import('./landscape-view.ts');
      // A new link replaces the open view (its link stays in the address bar).
      const old = handle.view;
      handle.view = null;
      old?.dispose();
      const view =
        link === null
          ? m.openLandscapeView(root, { onLink: replaceHash })
          : m.openLandscapeLink(root, link, replaceHash);
      handle.view = view;
      handle.last = view;
      const dispose = view.dispose.bind(view);
      view.dispose = () => {
        dispose();
        if (handle.view !== view) return;
        handle.view = null;
        // The explorer's link comes back into the address bar.
        if (isNetLink(currentHash())) replaceHash(explorerHash);
        button.focus();
      };
    } finally {
      loading = false;
      button.removeAttribute('aria-busy');
    }
    const next = queued;
    queued = null;
    if (next !== null && next !== handle.view?.link && isNetLink(currentHash())) await open(next);
  };
  button.addEventListener('click', () => void open(null));
  // A network link pasted or navigated to opens (or replaces) the view; an explorer link closes it.
  window.addEventListener('hashchange', () => {
    const hash = currentHash();
    if (isNetLink(hash)) {
      if (hash !== handle.view?.link) void open(hash);
    } else handle.view?.dispose();
  });
  header.append(button);
  if (openedOnLink) void open(currentHash());
  return handle;
}
