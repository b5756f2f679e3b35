# Regenerate with: python3 tests/reference/fma_ref.py   (writes tests/reference/fixtures/fma.json; stdlib only)
"""Exact fused multiply-add, fma(a, b, c) = a*b + c rounded once, from Python's exact rationals.

Fraction(a) * Fraction(b) + Fraction(c) is exact; float() of a Fraction is int / int true division, which
CPython rounds correctly (to nearest, ties to even, subnormals included). Each case stores the IEEE 754
bit patterns of a, b, c and the result as 16 hex digits, so signed zeros and subnormals survive JSON.
The cases: random magnitudes, heavy cancellation (c = -round(a*b)), exact ties, subnormal and huge
operands, products that overflow or underflow, and the signed zeros. The TypeScript test
(tests/core/fma.test.ts) demands every result bit for bit. The file is then formatted by Biome
(npx biome format --write tests/reference/fixtures/fma.json). Python 3.13's math.fma would do the same.
"""

import json
import math
import random
import struct
from fractions import Fraction
from pathlib import Path

OUT = Path(__file__).resolve().parent / "fixtures" / "fma.json"


def bits(v):
    return struct.pack(">d", v).hex()


def fma(a, b, c):
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return a * b + c  # IEEE: the same as the unfused form for infinities and NaN
    exact = Fraction(a) * Fraction(b) + Fraction(c)
    if exact == 0:
        product_negative = (math.copysign(1, a) < 0) != (math.copysign(1, b) < 0)
        return -0.0 if product_negative and math.copysign(1, c) < 0 else 0.0
    try:
        return float(exact)
    except OverflowError:
        return math.inf if exact > 0 else -math.inf


def cases():
    rng = random.Random(20261128)
    out = []
    for _ in range(1000):  # ordinary magnitudes, as in an optimizer
        out.append((rng.uniform(-10, 10), rng.uniform(-10, 10), rng.uniform(-10, 10)))
    for _ in range(800):  # wide exponents
        out.append(tuple(rng.choice((-1, 1)) * rng.random() * 2.0 ** rng.randint(-1074, 1023) for _ in range(3)))
    for _ in range(800):  # cancellation: the result is the product's rounding error
        a, b = rng.uniform(-1e3, 1e3), rng.uniform(-1e3, 1e3)
        out.append((a, b, -(a * b)))
    for _ in range(300):  # near-cancellation, a few ulps off
        a, b = rng.uniform(-1, 1), rng.uniform(-1, 1)
        out.append((a, b, -(a * b) * (1 + rng.randint(-8, 8) * 2.0 ** -52)))
    for _ in range(400):  # exact ties and near ties: a*b exact, c places the sum halfway between doubles
        a = float(rng.randint(1, 2 ** 26)) * 2.0 ** rng.randint(-30, 30)
        b = float(rng.randint(1, 2 ** 26)) * 2.0 ** rng.randint(-30, 30)
        p = a * b
        c = math.ulp(p) * rng.choice((0.5, -0.5, 0.25, 1.5)) * rng.choice((1, 1 + 2.0 ** -52))
        out.append((a, b, c))
        out.append((a, b, p + c))
    for _ in range(300):  # tiny products (underflow, subnormal results)
        out.append((rng.uniform(-1, 1) * 2.0 ** -540, rng.uniform(-1, 1) * 2.0 ** -540, rng.uniform(-1, 1) * 2.0 ** -1070))
    for _ in range(150):  # huge products (overflow or not, pulled back by c)
        a, b = rng.uniform(1, 2) * 2.0 ** 512, rng.uniform(1, 2) * 2.0 ** 511
        out.append((a, b, -rng.uniform(1, 2) * 2.0 ** 1023))
        out.append((a, -b, rng.uniform(-1, 1) * 2.0 ** 1023))
    specials = [0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1.0, -1.0, math.inf,
                -math.inf]
    for a in specials:
        for b in specials:
            for c in specials:
                out.append((a, b, c))
    return out


def main():
    rows = []
    for a, b, c in cases():
        r = fma(a, b, c)
        if math.isnan(r):
            continue  # NaN payloads are not specified
        rows.append([bits(a), bits(b), bits(c), bits(r)])
    OUT.write_text(json.dumps({"generator": "tests/reference/fma_ref.py (fractions.Fraction, exact)",
                               "columns": ["a", "b", "c", "fma"], "cases": rows}, indent=None) + "\n")
    print(f"wrote {len(rows)} cases to {OUT}")


if __name__ == "__main__":
    main()
