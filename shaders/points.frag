// A filled disc in the trail's colour; on short runs (uRim = 1) with a thin dark rim, readable on
// any colormap; long runs drop the rim so that a thousand markers read as a line in the trail's colour.
#include <clipping_planes_pars_fragment>
uniform float uRim;
varying vec3 vColor;

void main() {
  #include <clipping_planes_fragment>
  vec2 p = gl_PointCoord * 2.0 - 1.0;
  float r = length(p);
  if (r > 1.0) discard;
  float rim = uRim * smoothstep(0.6, 0.8, r);
  gl_FragColor = vec4(mix(vColor, vec3(0.05), 0.85 * rim), 1.0);
}
