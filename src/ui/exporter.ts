/**
 * Exports: the view as a PNG (1× or 2×, labels included), a WebM video of the animation, the
 * trajectories as CSV or as the command line's JSON, the setup as a cases file for `descent run`,
 * the PyTorch script that reproduces it (`descent torch`'s), and the permalink on the clipboard.
 * Images (PNG and every video frame) are composed from the panes' canvases plus the page's text
 * labels, drawn as text (the legends carry the step), over a caption band under the picture that
 * names the function, f(x, y) = … (`captionLayout`), so the band never covers the plot.
 */
import * as A from '../app/actions.ts';
import type { Derived } from '../app/derived.ts';
import type { AppState } from '../app/state.ts';
import type { Store } from '../app/store.ts';
import type { OverlayItem, OverlaySource } from '../scene/overlay.ts';
import { functionText } from './header.ts';

/**
 * What the scene provides: each visible pane rendered now at a scale, with where it sits and the text
 * it shows over its canvas (axis labels).
 */
export type Snapshots = (
  scale: number,
) => { image: HTMLCanvasElement; rect: DOMRect; overlay: readonly OverlayItem[] }[];

export function download(name: string, data: Blob | string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name stem from the scene: `descent-rosenbrock-30-steps`. */
export function fileStem(s: AppState): string {
  const what = (s.fn.preset ?? 'custom').replace(/[^a-z0-9-]/gi, '');
  return `descent-${what}-${s.steps}-steps`;
}

/** The caption band's look, in CSS pixels. */
export const CAPTION = { fontSize: 13, lineHeight: 18, padding: 8, maxLines: 3 } as const;

/**
 * `text` in lines no wider than `width` (as `measure` measures a string): each line broken after its
 * last space that fits, or anywhere when a word alone is too wide (an expression without spaces); at
 * most `maxLines`, the last one ending in "…" when text was left over.
 */
export function wrapText(
  text: string,
  width: number,
  measure: (s: string) => number,
  maxLines: number,
): string[] {
  const lines: string[] = [];
  let rest = text.trim();
  while (rest !== '' && lines.length < maxLines) {
    const last = lines.length === maxLines - 1;
    // The longest prefix that fits (at least one character, so every pass makes progress).
    let n = rest.length;
    if (measure(rest) > width) {
      let lo = 1;
      let hi = rest.length;
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (measure(rest.slice(0, mid) + (last ? '…' : '')) <= width) lo = mid;
        else hi = mid - 1;
      }
      n = lo;
      const space = rest.lastIndexOf(' ', n);
      if (!last && space > 0) n = space;
    }
    const line = rest.slice(0, n).trimEnd();
    rest = rest.slice(n).trimStart();
    lines.push(last && rest !== '' ? `${line}…` : line);
  }
  return lines;
}

/**
 * The caption under an exported image `width` CSS pixels wide: the function shown (`functionText`),
 * wrapped to the width inside the padding, and the band's height in CSS pixels.
 */
export function captionLayout(
  s: AppState,
  shownExpression: string,
  width: number,
  measure: (s: string) => number,
): { lines: string[]; height: number } {
  const c = CAPTION;
  const lines = wrapText(
    functionText(s, shownExpression),
    Math.max(1, width - 2 * c.padding),
    measure,
    c.maxLines,
  );
  return { lines, height: lines.length * c.lineHeight + 2 * c.padding };
}

/** Paints one overlay item onto `ctx`, whose origin is `box`'s top left, at `scale` × CSS pixels. */
function paint(ctx: CanvasRenderingContext2D, item: OverlayItem, box: DOMRect, scale: number): void {
  if (item.kind === 'text') {
    const own = item.element.getBoundingClientRect();
    const left = item.left ?? own.left;
    if (own.width === 0 || own.bottom < box.top || own.top > box.bottom) return;
    const style = getComputedStyle(item.element);
    ctx.font = `${style.fontStyle} ${style.fontWeight} ${parseFloat(style.fontSize) * scale}px ${style.fontFamily}`;
    ctx.fillStyle = style.color;
    ctx.textBaseline = 'middle';
    ctx.fillText(item.text, (left - box.left) * scale, (own.top + own.height / 2 - box.top) * scale);
    return;
  }
  const r = item.rect;
  const x = (r.left - box.left) * scale;
  const y = (r.top - box.top) * scale;
  if (item.kind === 'image') {
    ctx.drawImage(item.image, x, y, r.width * scale, r.height * scale);
  } else if (item.kind === 'card') {
    ctx.fillStyle = 'rgba(255, 255, 255, 0.95)';
    ctx.fillRect(x, y, r.width * scale, r.height * scale);
  } else {
    ctx.fillStyle = item.color;
    ctx.beginPath();
    ctx.arc(x + (r.width / 2) * scale, y + (r.height / 2) * scale, (r.width / 2) * scale, 0, 2 * Math.PI);
    ctx.fill();
  }
}

export class Exporter {
  private recording = false;
  /** The caption lines of the last image composed (PNG or video frame; tests read them). */
  caption: readonly string[] = [];

  constructor(
    private readonly store: Store<AppState>,
    private readonly derived: Derived,
    private readonly area: HTMLElement,
    private readonly snapshots: Snapshots,
    /** What else draws over the panes, in paint order (the colour bar, then the legends on top). */
    private readonly overlays: () => readonly OverlaySource[],
    private readonly link: () => string,
    private readonly status: (text: string | null) => void,
  ) {}

  /**
   * The panes, their labels and the colour bar as one image at `scale` × CSS pixels, with the caption
   * band (the function) under them.
   */
  compose(scale: number, into?: HTMLCanvasElement): HTMLCanvasElement {
    const box = this.area.getBoundingClientRect();
    const canvas = into ?? document.createElement('canvas');
    canvas.width = Math.round(box.width * scale);
    const ctx = canvas.getContext('2d')!;
    const page = getComputedStyle(document.body);
    const font = `${CAPTION.fontSize * scale}px ${page.fontFamily}`;
    ctx.font = font;
    const caption = captionLayout(
      this.store.state,
      this.derived.source,
      box.width,
      (t) => ctx.measureText(t).width / scale,
    );
    // Sizing the canvas resets the context: everything is set again below.
    canvas.height = Math.round((box.height + caption.height) * scale);
    ctx.fillStyle = page.backgroundColor || '#f7f7f5';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    const snapshots = this.snapshots(scale);
    for (const { image, rect } of snapshots) {
      ctx.drawImage(
        image,
        (rect.left - box.left) * scale,
        (rect.top - box.top) * scale,
        rect.width * scale,
        rect.height * scale,
      );
    }
    ctx.imageSmoothingEnabled = true;
    const items = [...snapshots.flatMap((s) => s.overlay), ...this.overlays().flatMap((o) => o.overlay())];
    for (const item of items) paint(ctx, item, box, scale);
    // The caption band: the page's background below the picture, a thin rule, the lines.
    ctx.fillStyle = page.backgroundColor || '#f7f7f5';
    ctx.fillRect(0, box.height * scale, canvas.width, caption.height * scale);
    ctx.fillStyle = '#d0d3d9';
    ctx.fillRect(0, box.height * scale, canvas.width, Math.max(1, scale));
    ctx.font = font;
    ctx.fillStyle = '#222';
    ctx.textBaseline = 'middle';
    caption.lines.forEach((line, i) => {
      const y = box.height + CAPTION.padding + (i + 0.5) * CAPTION.lineHeight;
      ctx.fillText(line, CAPTION.padding * scale, y * scale);
    });
    this.caption = caption.lines;
    return canvas;
  }

  png(scale: 1 | 2): void {
    this.compose(scale).toBlob((blob) => {
      if (blob) download(`${fileStem(this.store.state)}${scale === 2 ? '@2x' : ''}.png`, blob);
    }, 'image/png');
  }

  // The data exports share the command line's case format (core/cases.ts): loaded on first use.

  async csv(): Promise<void> {
    const s = this.store.state;
    const { trajectoriesCsv } = await import('../app/exports.ts');
    download(`${fileStem(s)}.csv`, trajectoriesCsv(s, this.derived), 'text/csv');
  }

  async json(): Promise<void> {
    const s = this.store.state;
    const { trajectoriesJson } = await import('../app/exports.ts');
    download(`${fileStem(s)}.json`, trajectoriesJson(s, this.derived), 'application/json');
  }

  async cases(): Promise<void> {
    const s = this.store.state;
    const { casesFile } = await import('../app/exports.ts');
    download(`${fileStem(s)}-cases.json`, casesFile(s), 'application/json');
  }

  /** `descent torch`'s script for this scene (the builder is loaded on first use). */
  async torch(): Promise<void> {
    const { torchScriptOf } = await import('../app/torch-export.ts');
    download(`${fileStem(this.store.state)}.py`, torchScriptOf(this.store.state), 'text/x-python');
  }

  async copyLink(): Promise<void> {
    const url = `${location.origin}${location.pathname}#${this.link()}`;
    try {
      await navigator.clipboard.writeText(url);
      this.status('Link copied to the clipboard.');
    } catch {
      // No clipboard permission: show the link so it can be copied by hand.
      this.status(url);
    }
  }

  /**
   * Records the animation from step 0 to the end as WebM (MediaRecorder on a composed canvas),
   * showing progress; resolves when the file is offered for download.
   */
  async video(): Promise<void> {
    if (this.recording) return;
    if (typeof MediaRecorder === 'undefined') {
      this.status('This browser cannot record video (no MediaRecorder).');
      return;
    }
    this.recording = true;
    const canvas = this.compose(1);
    const stream = canvas.captureStream(30);
    const type = MediaRecorder.isTypeSupported('video/webm;codecs=vp9')
      ? 'video/webm;codecs=vp9'
      : 'video/webm';
    const recorder = new MediaRecorder(stream, { mimeType: type });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    const stopped = new Promise<void>((resolve) => {
      recorder.onstop = () => resolve();
    });
    const { store } = this;
    store.set(A.reset);
    recorder.start(250);
    store.set(A.play);
    await new Promise<void>((resolve) => {
      const frame = () => {
        this.compose(1, canvas);
        const s = store.state;
        this.status(`Recording video… step ${s.playback.step} of ${s.steps}`);
        if (s.playback.playing) requestAnimationFrame(frame);
        else setTimeout(resolve, 400); // hold the last frame a moment
      };
      requestAnimationFrame(frame);
    });
    recorder.stop();
    await stopped;
    for (const track of stream.getTracks()) track.stop();
    download(`${fileStem(store.state)}.webm`, new Blob(chunks, { type: 'video/webm' }));
    this.status('Video saved.');
    this.recording = false;
  }
}
