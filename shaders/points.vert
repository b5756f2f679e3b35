// Round step markers of constant screen size (pixels), clipped to the box. Every marker carries
// `aInfo` = (step, trail) and shows while its step ≤ uLast[trail] (−1: the trail is hidden).
#include <clipping_planes_pars_vertex>
attribute vec2 aInfo;
uniform float uSize;
uniform float uLast[MAX_TRAILS];
uniform vec3 uColors[MAX_TRAILS];
varying vec3 vColor;

void main() {
  int trail = int(aInfo.y + 0.5);
  vColor = uColors[trail];
  if (aInfo.x > uLast[trail]) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = 0.0;
    return;
  }
  vec4 mvPosition = modelViewMatrix * vec4(position, 1.0);
  gl_Position = projectionMatrix * mvPosition;
  gl_PointSize = uSize;
  #include <clipping_planes_vertex>
}
