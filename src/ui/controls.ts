/** Small additions to lil-gui: tooltips (the logarithmic slider is `LogNumberController`). */
import type { Controller } from 'lil-gui';

/** One-line help on hover (and for screen readers) for a controller. */
export function tooltip<C extends Controller>(controller: C, text: string): C {
  controller.domElement.title = text;
  controller.$name.setAttribute('aria-description', text);
  return controller;
}
