/**
 * The one state store. State is an immutable plain object: `set` replaces it and tells every
 * listener the new and the previous state, so a listener rebuilds only what changed (compare slices
 * by reference).
 */
export type Listener<S> = (state: S, previous: S) => void;

export class Store<S> {
  private current: S;
  private readonly listeners = new Set<Listener<S>>();

  constructor(initial: S) {
    this.current = initial;
  }

  get state(): S {
    return this.current;
  }

  /** Replaces the state (or maps it); listeners run only when it really changed. */
  set(next: S | ((state: S) => S)): void {
    const previous = this.current;
    const value = typeof next === 'function' ? (next as (state: S) => S)(previous) : next;
    if (value === previous) return;
    this.current = value;
    for (const listener of [...this.listeners]) listener(value, previous);
  }

  /** Calls `listener` on every change; returns the function that unsubscribes it. */
  subscribe(listener: Listener<S>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
