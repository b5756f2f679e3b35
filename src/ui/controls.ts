/** Small additions to lil-gui: tooltips and a logarithmic slider that shows and accepts real values. */
import type { Controller, GUI, NumberController } from 'lil-gui';

/** One-line help on hover (and for screen readers) for a controller. */
export function tooltip<C extends Controller>(controller: C, text: string): C {
  controller.domElement.title = text;
  controller.$name.setAttribute('aria-description', text);
  return controller;
}

/** Compact, round-trippable display of a number: 0.95, 0.001, 1e-7 (app/format.ts). */
import { controlValue as formatValue } from '../app/format.ts';

export { formatValue };

/**
 * A slider over log10(value) for learning rates and epsilons: dragging moves by decades across
 * `slider`, while the text box shows and accepts the value itself, anywhere in [min, max].
 * `read` and `write` connect it to the state.
 */
export function addLogSlider(
  gui: GUI,
  name: string,
  slider: readonly [number, number],
  [min, max]: readonly [number, number],
  read: () => number,
  write: (value: number) => void,
): NumberController {
  const lo = Math.log10(slider[0]);
  const hi = Math.log10(slider[1]);
  const proxy = {
    get exponent() {
      return Math.log10(Math.max(read(), 1e-12));
    },
    set exponent(e: number) {
      write(Number((10 ** e).toPrecision(4)));
    },
  };
  const controller = gui.add(proxy, 'exponent', lo, hi, 0.01).name(name) as NumberController;
  const input = controller.$input as HTMLInputElement;
  const show = () => {
    if (document.activeElement !== input) input.value = formatValue(read());
  };
  const updateDisplay = controller.updateDisplay.bind(controller);
  controller.updateDisplay = () => {
    updateDisplay();
    show();
    return controller;
  };
  // The text box holds the value itself: take over lil-gui's handlers, which would read an exponent.
  const commit = () => {
    const v = Number(input.value);
    if (Number.isFinite(v) && v >= min && v <= max) write(v);
    controller.updateDisplay();
  };
  input.addEventListener('input', (e) => e.stopImmediatePropagation(), { capture: true });
  input.addEventListener('change', commit);
  input.addEventListener(
    'keydown',
    (e) => {
      if (e.key === 'Enter') input.blur();
      if (e.key === 'ArrowUp' || e.key === 'ArrowDown') e.stopImmediatePropagation();
    },
    { capture: true },
  );
  input.addEventListener('blur', commit);
  show();
  return controller;
}
