// A filled disc in the trail's colour with a thin dark rim, readable on any colormap.
#include <clipping_planes_pars_fragment>
varying vec3 vColor;

void main() {
  #include <clipping_planes_fragment>
  vec2 p = gl_PointCoord * 2.0 - 1.0;
  float r = length(p);
  if (r > 1.0) discard;
  float rim = smoothstep(0.55, 0.75, r);
  gl_FragColor = vec4(mix(vColor, vec3(0.05), rim), 1.0);
}
