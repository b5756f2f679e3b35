/**
 * The transport bar under the panes, as on a video player: reset, step back, play / pause, step
 * forward, a scrub bar over the steps, "step k / N", the speed, and the switch that folds out the
 * full table of numbers. It writes only through actions on the store; a playback step rewrites the
 * few values that changed.
 */
import * as A from '../app/actions.ts';
import { type AppState, LIMITS } from '../app/state.ts';
import type { Store } from '../app/store.ts';
import { type IconName, setIcon } from './icons.ts';

/** Steps per second the speed menu offers (a link's own speed is added when it is not one of them). */
export const SPEEDS = [1, 2, 4, 8, 15, 30, 60, 120] as const;

/** "step 12 / 30". */
export function stepText(step: number, steps: number): string {
  return `step ${step.toLocaleString('en')} / ${steps.toLocaleString('en')}`;
}

export class Transport {
  readonly element = document.createElement('div');
  private readonly play: HTMLButtonElement;
  private readonly scrub = document.createElement('input');
  private readonly counter = document.createElement('output');
  private readonly speed = document.createElement('select');
  readonly tableToggle: HTMLButtonElement;
  private shown: AppState | null = null;

  constructor(container: HTMLElement, store: Store<AppState>, onTable: (open: boolean) => void) {
    this.element.className = 'transport';
    this.element.id = 'transport';
    this.element.setAttribute('role', 'toolbar');
    this.element.setAttribute('aria-label', 'Playback');
    const set = (f: (s: AppState) => AppState) => store.set(f);
    const reset = this.button('Reset', 'reset', 'Back to step 0 (R)', () => set(A.reset));
    const back = this.button('Step back', 'stepBack', 'One step back (←)', () => set(A.stepBack));
    this.play = this.button('Play', 'play', 'Play / pause (space)', () => set(A.togglePlay));
    this.play.classList.add('transport-play');
    const forward = this.button('Step forward', 'stepForward', 'One step forward (→)', () =>
      set(A.stepForward),
    );

    this.scrub.type = 'range';
    this.scrub.className = 'transport-scrub';
    this.scrub.min = '0';
    this.scrub.step = '1';
    this.scrub.setAttribute('aria-label', 'Step');
    this.scrub.addEventListener('input', () => set((s) => A.seek(s, Number(this.scrub.value))));

    this.counter.className = 'transport-step';
    this.counter.setAttribute('aria-live', 'off');

    this.speed.className = 'transport-speed';
    this.speed.setAttribute('aria-label', 'Speed (steps per second)');
    this.speed.title = 'Playback speed, steps per second';
    this.speed.addEventListener('change', () => set((s) => A.setSpeed(s, Number(this.speed.value))));

    this.tableToggle = document.createElement('button');
    this.tableToggle.type = 'button';
    this.tableToggle.className = 'transport-table';
    this.tableToggle.textContent = 'numbers';
    this.tableToggle.title = 'Every optimizer’s step, x, y, f, |∇f| and status in a table';
    this.tableToggle.setAttribute('aria-expanded', 'false');
    this.tableToggle.setAttribute('aria-controls', 'readout');
    this.tableToggle.addEventListener('click', () => {
      const open = this.tableToggle.getAttribute('aria-expanded') !== 'true';
      this.tableToggle.setAttribute('aria-expanded', String(open));
      onTable(open);
    });

    const buttons = document.createElement('div');
    buttons.className = 'transport-buttons';
    buttons.append(reset, back, this.play, forward);
    this.element.append(buttons, this.scrub, this.counter, this.speed, this.tableToggle);
    container.append(this.element);
  }

  private button(label: string, name: IconName, title: string, click: () => void): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'transport-button';
    b.setAttribute('aria-label', label);
    b.title = title;
    setIcon(b, name);
    b.addEventListener('click', click);
    return b;
  }

  update(s: AppState): void {
    const previous = this.shown;
    this.shown = s;
    const p = s.playback;
    if (previous?.playback.playing !== p.playing) {
      setIcon(this.play, p.playing ? 'pause' : 'play');
      this.play.setAttribute('aria-label', p.playing ? 'Pause' : 'Play');
    }
    if (previous?.steps !== s.steps) this.scrub.max = String(s.steps);
    if (this.scrub.value !== String(p.step)) this.scrub.value = String(p.step);
    const text = stepText(p.step, s.steps);
    if (this.counter.value !== text) this.counter.value = text;
    if (previous?.playback.speed !== p.speed) this.showSpeed(p.speed);
  }

  private showSpeed(speed: number): void {
    const values: number[] = [...SPEEDS];
    if (!values.includes(speed)) values.push(speed);
    values.sort((a, b) => a - b);
    const options = values
      .filter((v) => v >= LIMITS.speed.min && v <= LIMITS.speed.max)
      .map((v) => new Option(`${v} steps/s`, String(v)));
    this.speed.replaceChildren(...options);
    this.speed.value = String(speed);
  }
}
