// Surface of f(x, y): positions are computed on the CPU (src/scene/surface.ts) so that picking
// sees the same mesh; the raw value of f rides along for colouring in the fragment shader.
attribute float aValue;

varying float vValue;
varying vec3 vNormal;

void main() {
  vValue = aValue;
  vNormal = normalize(normalMatrix * normal);
  gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
}
