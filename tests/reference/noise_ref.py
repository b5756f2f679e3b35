# Regenerate with: python3 tests/reference/noise_ref.py && npx biome format --write tests/reference/fixtures/noise.json
# (standard library only; writes fixtures/noise.json; Biome only re-indents it)
"""A Python port of Descent's seeded normal generator (src/core/noise.ts), written from its doc comment.

SplitMix32 seeding, xoshiro128** outputs, 53-bit uniforms, Marsaglia's polar method with ln computed by
arithmetic alone (frexp, a 13-term atanh series): every step is exact or a correctly rounded IEEE-754
operation, so this port must give the same bits as the TypeScript. The fixture holds raw outputs,
uniforms and normals for a few seeds; the TypeScript test compares them with ===. The same port is
embedded in the PyTorch script that `descent torch` prints.
"""

import json
import math
from pathlib import Path

OUT = Path(__file__).resolve().parent / "fixtures" / "noise.json"
M32 = 0xFFFFFFFF
LN2 = 0.6931471805599453
SQRT2 = 1.4142135623730951
ODD = [1.0 / (2 * j + 1) for j in range(13)]


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


def portable_log(s):
    m, e = math.frexp(s)  # s = m * 2**e, m in [0.5, 1)
    f, k = m * 2.0, e - 1  # f in [1, 2), exact
    if f > SQRT2:
        f, k = f / 2.0, k + 1
    r = (f - 1.0) / (f + 1.0)
    r2 = r * r
    p = ODD[12]
    for j in range(11, -1, -1):
        p = p * r2 + ODD[j]
    return k * LN2 + 2.0 * r * p


class SeededNormal:
    def __init__(self, seed):
        x = seed & M32
        state = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & M32
            z = x
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
            state.append(z ^ (z >> 16))
        self.s = state if any(state) else [1, 0, 0, 0]
        self.spare = None

    def next_uint32(self):
        s = self.s
        out = (rotl((s[1] * 5) & M32, 7) * 9) & M32
        t = (s[1] << 9) & M32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 11)
        return out

    def next_uniform(self):
        a = self.next_uint32() >> 5
        b = self.next_uint32() >> 6
        return (a * 67108864 + b) / 9007199254740992.0

    def next(self):
        if self.spare is not None:
            z, self.spare = self.spare, None
            return z
        while True:
            v1 = 2.0 * self.next_uniform() - 1.0
            v2 = 2.0 * self.next_uniform() - 1.0
            s = v1 * v1 + v2 * v2
            if s >= 1.0 or s == 0.0:
                continue
            m = math.sqrt((-2.0 * portable_log(s)) / s)
            self.spare = v2 * m
            return v1 * m


def main():
    seeds = [0, 1, 42, 12345, 4294967295]
    out = {"seeds": []}
    for seed in seeds:
        g = SeededNormal(seed)
        raw = [g.next_uint32() for _ in range(8)]
        g = SeededNormal(seed)
        uniforms = [g.next_uniform() for _ in range(8)]
        g = SeededNormal(seed)
        normals = [g.next() for _ in range(200)]
        out["seeds"].append(dict(seed=seed, uint32=raw, uniform=uniforms, normal=normals))
    logs = [1e-300, 2.5e-31, 1e-5, 0.1, 0.3, 0.5, 0.7071, 0.75, 0.9, 0.999999, 1.0]
    out["log"] = [[s, portable_log(s), math.log(s)] for s in logs]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out) + "\n")
    big = SeededNormal(7)
    n = 200000
    xs = [big.next() for _ in range(n)]
    mean = sum(xs) / n
    var = sum((x - mean) ** 2 for x in xs) / (n - 1)
    print(f"wrote {OUT}; seed 7, {n} normals: mean {mean:.5f}, variance {var:.5f}")


if __name__ == "__main__":
    main()
