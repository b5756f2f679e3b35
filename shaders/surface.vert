// Surface of f(x, y), placed and lit here from the mesh (src/core/mesh.ts), so a new z range,
// exaggeration or pane kind is a change of uniforms only. `position` is (x − cx, y − cy, f) in the
// maths' units; `aNeighbours` is f one grid step to the left, right, below and above. World space
// as src/scene/world.ts: X = x·uScale.x, Z = −y·uScale.y, height = clip(f) mapped onto [0, uHeight].
attribute vec4 aNeighbours;

// World units per unit of x and per unit of y (equal unless a 2-D pane is stretched to fill).
uniform vec2 uScale;
// World height of the box (0 in a 2-D pane).
uniform float uHeight;
// [zMin, zMax]: the clip range of f (also the colour range).
uniform vec2 uRange;
// The grid's step in x and y (the distance of `aNeighbours`).
uniform vec2 uStep;

varying float vValue;
varying vec3 vNormal;

float heightOf(float f) {
  return (clamp(f, uRange.x, uRange.y) - uRange.x) / (uRange.y - uRange.x) * uHeight;
}

void main() {
  float f = position.z;
  vValue = f;
  // Slopes of the world height along world X and world Z (which runs against y), from the clipped
  // heights of the neighbours: a clipped plateau is flat.
  float sx = (heightOf(aNeighbours.y) - heightOf(aNeighbours.x)) / (2.0 * uStep.x * uScale.x);
  float sz = -(heightOf(aNeighbours.w) - heightOf(aNeighbours.z)) / (2.0 * uStep.y * uScale.y);
  vNormal = normalize(normalMatrix * vec3(-sx, 1.0, -sz));
  vec3 world = vec3(position.x * uScale.x, heightOf(f), -position.y * uScale.y);
  gl_Position = projectionMatrix * modelViewMatrix * vec4(world, 1.0);
}
