/** A full-page notice over the app (no WebGL, context lost). Text only. */
export function showMessage(root: HTMLElement, id: string, title: string, body: string): HTMLElement {
  const box = document.createElement('div');
  box.id = id;
  box.className = 'notice';
  box.setAttribute('role', 'alert');
  const h = document.createElement('h2');
  h.textContent = title;
  const p = document.createElement('p');
  p.textContent = body;
  box.append(h, p);
  root.append(box);
  return box;
}
