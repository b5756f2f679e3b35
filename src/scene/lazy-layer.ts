/**
 * A layer whose code loads on first use. `lazyLayer(load, wanted)` is a `LayerSpec.create` whose
 * stand-in draws nothing and loads nothing until an update finds it `wanted` (its View toggle on,
 * say); then it imports the real layer's module (once for every pane), builds the layer, replays the
 * last update as a fresh one (everything changed, nothing shown before) and asks the pane to redraw
 * (`LayerHost.redraw`). From then on it passes every hook through.
 */
import { Group } from 'three';
import type { Changes } from '../app/derived.ts';
import type { LayerContext, LayerHost, LayerSpec, PaneLayer, SceneKind, ToScreen } from './layer.ts';

const EVERYTHING: Changes = { fn: true, grid: true, runs: true };

type Create = LayerSpec['create'];

class LazyLayer implements PaneLayer {
  readonly object = new Group();
  private inner: PaneLayer | null = null;
  private started = false;
  private disposed = false;
  private context: LayerContext | null = null;
  private size: [number, number, number] | null = null;
  private low = false;

  constructor(
    private readonly kind: SceneKind,
    private readonly host: LayerHost,
    private readonly load: () => Promise<Create>,
    private readonly wanted: (c: LayerContext) => boolean,
  ) {}

  update(c: LayerContext): void {
    this.context = c;
    if (this.inner) this.inner.update(c);
    else if (!this.started && this.wanted(c)) this.start();
  }

  private start(): void {
    this.started = true;
    this.load().then(
      (create) => {
        if (this.disposed) return;
        const inner = create(this.kind, this.host);
        this.inner = inner;
        if (this.size) inner.resize?.(...this.size);
        if (this.low) inner.setLowDetail?.(true);
        this.object.add(inner.object);
        const c = this.context;
        if (c) inner.update({ ...c, previous: null, frameChanged: true, changes: EVERYTHING });
        this.host.redraw();
      },
      (error: unknown) => {
        // The next wanted update tries again.
        this.started = false;
        console.error('A layer of the scene did not load:', error);
      },
    );
  }

  /** The real layer's revision (it draws from outside its context: basins); 0 until it has loaded. */
  get revision(): number {
    return this.inner?.revision ?? 0;
  }

  resize(width: number, height: number, pixelRatio: number): void {
    this.size = [width, height, pixelRatio];
    this.inner?.resize?.(width, height, pixelRatio);
  }

  setLowDetail(low: boolean): void {
    this.low = low;
    this.inner?.setLowDetail?.(low);
  }

  placeLabels(toScreen: ToScreen): void {
    this.inner?.placeLabels?.(toScreen);
  }

  dispose(): void {
    this.disposed = true;
    this.inner?.dispose();
    this.inner = null;
  }
}

/**
 * The `create` of a layer whose module `load` brings (imported once, on the first pane that wants
 * it; a failed import is tried again by the next wanted update).
 */
export function lazyLayer(load: () => Promise<Create>, wanted: (c: LayerContext) => boolean): Create {
  let loading: Promise<Create> | null = null;
  const once = () => {
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
  return (kind, host) => new LazyLayer(kind, host, once, wanted);
}
