// Colour by height through a colormap lookup texture, linear or log scale, with contour lines
// at evenly spaced colour levels (or an explicit spacing in units of f) and simple lighting.
uniform sampler2D uColormap;
// Colour range [min, max] in units of f (the z-clip range).
uniform vec2 uRange;
// 1.0: log colour scale of (f - min + offset); 0.0: linear.
uniform float uLog;
uniform float uLogOffset;
// Contour levels across the colour range (0: none), or an explicit spacing in f (> 0 wins).
uniform float uContours;
uniform float uSpacing;
// Light direction in view space (a headlight slightly above the camera).
uniform vec3 uLightDir;
// 1.0: filled colours with dark contour lines; 0.0: contour lines in the colormap's colour on white
// (matplotlib's `contour`, the seed's figures 6-3 and 6-5).
uniform float uFill;

varying float vValue;
varying vec3 vNormal;

float colourT(float f) {
  float a = clamp(f, uRange.x, uRange.y) - uRange.x;
  float span = uRange.y - uRange.x;
  if (uLog > 0.5) {
    return (log(a + uLogOffset) - log(uLogOffset)) / (log(span + uLogOffset) - log(uLogOffset));
  }
  return a / span;
}

// 1 on a line at each integer of v, anti-aliased to about one pixel wide.
float contourLine(float v) {
  float w = max(fwidth(v), 1e-6);
  float d = abs(fract(v - 0.5) - 0.5);
  return 1.0 - smoothstep(0.5 * w, 1.5 * w, d);
}

void main() {
  float t = clamp(colourT(vValue), 0.0, 1.0);
  vec3 base = texture2D(uColormap, vec2(t * (255.0 / 256.0) + 0.5 / 256.0, 0.5)).rgb;
  vec3 n = normalize(vNormal);
  float diffuse = abs(dot(n, normalize(uLightDir)));
  vec3 colour = base * (0.6 + 0.4 * diffuse);
  float line = 0.0;
  if (uSpacing > 0.0) {
    // Levels at multiples of the spacing, only inside the clip range (the seed's levels=arange(0, 10, 1)).
    float inside = step(uRange.x, vValue) * step(vValue, uRange.y);
    line = inside * contourLine(vValue / uSpacing);
  } else if (uContours > 0.0) {
    line = contourLine(t * uContours);
  }
  if (uFill > 0.5) {
    colour = mix(colour, vec3(0.08), 0.4 * line);
  } else {
    colour = mix(vec3(1.0), base, line);
  }
  gl_FragColor = vec4(colour, 1.0);
}
