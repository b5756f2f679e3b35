// Round step markers of constant screen size (pixels), one per optimizer step; clipped to the box.
#include <clipping_planes_pars_vertex>
uniform float uSize;

void main() {
  vec4 mvPosition = modelViewMatrix * vec4(position, 1.0);
  gl_Position = projectionMatrix * mvPosition;
  gl_PointSize = uSize;
  #include <clipping_planes_vertex>
}
