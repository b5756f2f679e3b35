// Round step markers of constant screen size (pixels), clipped to the box. The markers of all trails
// are interleaved: vertex k·uTrails + t is step k of trail t, shown while k ≤ uLast[t] (−1: hidden).
#include <clipping_planes_pars_vertex>
uniform float uSize;
uniform int uTrails;
uniform float uLast[MAX_TRAILS];
uniform vec3 uColors[MAX_TRAILS];
varying vec3 vColor;

void main() {
  int trail = gl_VertexID % uTrails;
  vColor = uColors[trail];
  if (float(gl_VertexID / uTrails) > uLast[trail]) {
    gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
    gl_PointSize = 0.0;
    return;
  }
  vec4 mvPosition = modelViewMatrix * vec4(position, 1.0);
  gl_Position = projectionMatrix * mvPosition;
  gl_PointSize = uSize;
  #include <clipping_planes_vertex>
}
