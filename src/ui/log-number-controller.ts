/**
 * A lil-gui number controller on a logarithmic scale, for learning rates and epsilons: the slider
 * moves over log10(value), so dragging crosses decades evenly, while the text box shows and accepts
 * the value itself anywhere in [min, max]. A typed value outside that range (lr −1) is not applied:
 * the reason shows under the field (`FieldError`); Esc reverts the edit. Built as a subclass of
 * lil-gui's `NumberController` (one controller class per file, as lil-gui does), whose slider it keeps
 * and whose text box it replaces.
 */
import { type GUI, NumberController } from 'lil-gui';
import { controlValue as formatValue } from '../app/format.ts';
import { FieldError } from './field-error.ts';

export { formatValue };

/** Where the controller reads and writes the value, and the range a typed value must lie in. */
export interface LogTarget {
  read(): number;
  write(value: number): void;
  readonly min: number;
  readonly max: number;
  /** The parameter's name in messages ("lr"). */
  readonly name: string;
  /** The range in words for messages ("lr ≥ 0"). */
  readonly range: string;
}

/** The object lil-gui binds to: the slider's property is the exponent. */
interface LogProxy {
  exponent: number;
  readonly target: LogTarget;
}

function proxyOf(target: LogTarget): LogProxy {
  return {
    target,
    get exponent() {
      return Math.log10(Math.max(target.read(), 1e-12));
    },
    set exponent(e: number) {
      target.write(Number((10 ** e).toPrecision(4)));
    },
  };
}

export class LogNumberController extends NumberController {
  /** Created on the first invalid value (lil-gui builds the input before subclass fields exist). */
  private error: FieldError | null = null;

  constructor(parent: GUI, name: string, slider: readonly [number, number], target: LogTarget) {
    super(parent, proxyOf(target), 'exponent', Math.log10(slider[0]), Math.log10(slider[1]), 0.01);
    this.name(name);
    this.updateDisplay();
  }

  private get target(): LogTarget {
    return (this.object as LogProxy).target;
  }

  /** The text box shows the value, not its exponent. */
  override updateDisplay(): this {
    super.updateDisplay();
    // `$input` does not exist yet while lil-gui's constructor draws the first time.
    if (this.$input && document.activeElement !== this.$input && !this.error?.shown)
      this.$input.value = formatValue(this.target.read());
    return this;
  }

  /** Replaces lil-gui's text box, whose handlers would read an exponent, with one for the value. */
  override _initInput(): void {
    const input = document.createElement('input');
    input.type = 'text';
    input.setAttribute('aria-labelledby', this.$name.id);
    input.inputMode = 'decimal';
    this.$input = input;
    this.$widget.appendChild(input);
    this.$disable = input;
    const commit = () => {
      const text = input.value.trim();
      const v = Number(text);
      const { min, max, name, range } = this.target;
      const problem =
        text === '' || !Number.isFinite(v)
          ? `${name} must be a number`
          : v < min || v > max
            ? `${name} = ${text} is out of range (${range})`
            : null;
      this.error ??= problem === null ? null : new FieldError(this.domElement, input);
      this.error?.show(problem);
      if (problem === null) this.target.write(v);
      if (problem === null) this.updateDisplay();
    };
    input.addEventListener('change', commit);
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') input.blur();
      if (e.key === 'Escape') {
        this.error?.show(null);
        input.value = formatValue(this.target.read());
        input.blur();
      }
    });
  }
}
