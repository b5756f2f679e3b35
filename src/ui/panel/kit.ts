/**
 * What every folder of the panel shares: `bind` (a controller that reads the state and writes an
 * action), deferred fields (edited in a buffer, applied on finish, checked, reverted with Esc), and
 * the context a folder module is built with. A folder module is `(gui, ctx) => refresh`: it adds its
 * folder to `gui` and returns what brings its controls up to date with a new state.
 */
import type GUI from 'lil-gui';
import type { Controller } from 'lil-gui';
import type { Derived } from '../../app/derived.ts';
import type { AppState } from '../../app/state.ts';
import type { Store } from '../../app/store.ts';
import { FieldError } from '../field-error.ts';

/** What the panel asks of the scene; wired by main.ts. */
export interface PanelCommands {
  /** Loads scene `id` (and shows its caption). */
  openScene(id: string): void;
  /** Back to the scene the page opens with. */
  startOver(): void;
  /** A short message (a toast). */
  notify(text: string): void;
  resetView(): void;
  topView(): void;
  copyLink(): void;
  png(scale: 1 | 2): void;
  video(): void;
  csv(): void;
  json(): void;
  cases(): void;
  /** Downloads the PyTorch script reproducing the scene. */
  torch(): void;
}

/** Brings a folder's controls up to date with the state (values are redrawn by the panel). */
export type Refresh = (s: AppState, derived: Derived) => void;

export type Args = readonly unknown[];

/** A controller whose value is read from and written to the state. */
export function bind<T>(
  folder: GUI,
  label: string,
  read: () => T,
  write: (v: T) => void,
  ...args: Args
): Controller {
  const proxy = {
    get value() {
      return read();
    },
    set value(v: T) {
      write(v);
    },
  };
  return (folder.add as (o: object, p: string, ...a: Args) => Controller)(proxy, 'value', ...args).name(
    label,
  );
}

/** Deferred fields: their buffers, checks and errors. */
export class PanelContext {
  /** Buffers of deferred controls, refreshed from the state unless the user is editing them. */
  private readonly refreshers: (() => void)[] = [];
  /** Checks of deferred controls, and the errors they show. */
  private readonly checks = new WeakMap<Controller, (v: unknown) => string | null>();
  private readonly errors = new WeakMap<Controller, FieldError>();
  private shownDerived: Derived | null = null;

  constructor(
    readonly store: Store<AppState>,
    readonly commands: PanelCommands,
  ) {}

  /** The derived data the panel last showed (null before the first update). */
  derived(): Derived | null {
    return this.shownDerived;
  }

  /** Takes the new derived data and refreshes the deferred buffers. */
  refresh(derived: Derived): void {
    this.shownDerived = derived;
    for (const refresh of this.refreshers) refresh();
  }

  /**
   * A control that edits a local buffer and applies it on finish (Enter, blur, slider release). A
   * value its check rejects is not applied: the reason shows under the field (`FieldError`). Esc
   * reverts an unapplied edit to the value in the state.
   */
  deferred<T>(folder: GUI, label: string, read: () => T, apply: (v: T) => void, ...args: Args): Controller {
    const buffer = { value: read() };
    const c = (folder.add as (o: object, p: string, ...a: Args) => Controller)(buffer, 'value', ...args)
      .name(label)
      .onFinishChange((v: T) => {
        const problem = this.checks.get(c)?.(v) ?? null;
        this.fieldError(c).show(problem);
        if (problem === null) apply(v);
      });
    c.domElement.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      buffer.value = read();
      c.updateDisplay();
      this.fieldError(c).show(null);
      (e.target as HTMLElement).blur();
    });
    this.refreshers.push(() => {
      if (!c.domElement.contains(document.activeElement) && !this.fieldError(c).shown) buffer.value = read();
    });
    return c;
  }

  /** Values of `c` that `check` rejects (returning why) are shown as errors and not applied. */
  checked(c: Controller, check: (v: never) => string | null): Controller {
    this.checks.set(c, check as (v: unknown) => string | null);
    return c;
  }

  private fieldError(c: Controller): FieldError {
    let error = this.errors.get(c);
    if (!error) {
      const input = c.domElement.querySelector('input') ?? c.domElement;
      error = new FieldError(c.domElement, input);
      this.errors.set(c, error);
    }
    return error;
  }
}

/**
 * A folder whose controls load on its first opening (code the first screen does not need): it
 * starts closed; `load` resolves to the module's builder, called once with the folder itself.
 */
export function lazyFolder(
  title: string,
  className: string,
  load: () => Promise<(folder: GUI, ctx: PanelContext) => Refresh>,
): (gui: GUI, ctx: PanelContext) => Refresh {
  return (gui, ctx) => {
    const folder = gui.addFolder(title);
    folder.domElement.classList.add(className);
    folder.close();
    let refresh: Refresh | null = null;
    let last: Parameters<Refresh> | null = null;
    let started = false;
    folder.onOpenClose((f) => {
      if (f._closed || started) return;
      started = true;
      void load().then((build) => {
        refresh = build(folder, ctx);
        if (last) refresh(...last);
        for (const c of folder.controllersRecursive()) c.updateDisplay();
      });
    });
    return (s, derived) => {
      last = [s, derived];
      refresh?.(s, derived);
    };
  };
}
