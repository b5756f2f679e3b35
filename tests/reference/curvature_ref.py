# Regenerate with: /usr/bin/python3 tests/reference/curvature_ref.py   (numpy 1.24, sympy 1.11; writes fixtures/curvature.json,
# then formats it with the repository's Biome so that `npm run lint` passes)
"""Independent reference for `descent curvature` and src/core/curvature.ts.

- "matrices": symmetric 2x2 matrices chosen to stress an eigen-solver (off-diagonal ~ 0, repeated and
  nearly repeated eigenvalues, entries near 1e±150 and subnormal, indefinite, singular, random), each
  with numpy.linalg.eigh's eigenvalues (ascending) and unit eigenvectors (eigenvectors[i] belongs to
  eigenvalues[i], i.e. column i of eigh's matrix; sign as numpy gives it: compare up to sign).
- "functions": expressions in Descent's syntax (^ for power), their exact value, gradient and Hessian
  at points from sympy's symbolic differentiation (evaluated with 30 significant digits, then rounded
  to float64), and numpy.linalg.eigh of that Hessian. Nothing here comes from Descent's own code.
"""

import json
import subprocess
from pathlib import Path

import numpy as np
import sympy as sp
from sympy.parsing.sympy_parser import convert_xor, implicit_multiplication, parse_expr, standard_transformations

OUT = Path(__file__).resolve().parent / "fixtures" / "curvature.json"

x, y = sp.symbols("x y", real=True)


def eig(m):
    w, v = np.linalg.eigh(np.array(m, dtype=np.float64))
    return [float(t) for t in w], [[float(v[0, i]), float(v[1, i])] for i in range(2)]


def matrices():
    rng = np.random.default_rng(20261128)
    ms = [
        ("diagonal", [[2.0, 0.0], [0.0, 0.1]]),
        ("identity (repeated)", [[1.0, 0.0], [0.0, 1.0]]),
        ("zero", [[0.0, 0.0], [0.0, 0.0]]),
        ("book x^2/20 + y^2", [[0.1, 0.0], [0.0, 2.0]]),
        ("off-diagonal 1e-17", [[2.0, 1e-17], [1e-17, 1.0]]),
        ("off-diagonal 1e-300 on equal diagonal", [[1.0, 1e-300], [1e-300, 1.0]]),
        ("nearly repeated", [[1.0, 1e-9], [1e-9, 1.0 + 1e-12]]),
        ("off-diagonal below LAPACK's split test", [[1.0, 1e-17], [1e-17, 1.0 + 1e-15]]),
        ("off-diagonal above LAPACK's split test", [[1.0, 3e-16], [3e-16, 1.0 + 1e-15]]),
        ("off-diagonal below the split test, negative", [[-2.0, -2e-16], [-2e-16, -2.0]]),
        ("tiny matrix, tiny off-diagonal", [[1e-130, 1e-147], [1e-147, 1e-130]]),
        ("equal diagonal", [[3.0, 2.0], [2.0, 3.0]]),
        ("saddle x^2 - y^2", [[2.0, 0.0], [0.0, -2.0]]),
        ("monkey-ish indefinite", [[0.0, 1.0], [1.0, 0.0]]),
        ("negative definite", [[-4.0, 1.0], [1.0, -2.0]]),
        ("singular", [[1.0, 2.0], [2.0, 4.0]]),
        ("huge 1e150", [[3e150, 1e150], [1e150, 2e150]]),
        ("huge near overflow", [[1e307, 5e306], [5e306, -1e307]]),
        ("tiny 1e-150", [[3e-150, -1e-150], [-1e-150, 2e-150]]),
        ("subnormal", [[4e-320, 1e-320], [1e-320, 3e-320]]),
        ("mixed scales", [[1e8, 1.0], [1.0, 1e-8]]),
        ("rosenbrock at (1, 1)", [[802.0, -400.0], [-400.0, 200.0]]),
        ("cancelling trace", [[1e10, 1.0], [1.0, -1e10]]),
    ]
    for i in range(12):
        a, b, c = rng.normal(size=3) * 10.0 ** rng.integers(-6, 7, size=3)
        ms.append((f"random {i}", [[float(a), float(b)], [float(b), float(c)]]))
    out = []
    for name, m in ms:
        w, v = eig(m)
        out.append({"name": name, "hessian": m, "eigenvalues": w, "eigenvectors": v})
    return out


# Descent syntax → sympy; points chosen away from places where a derivative does not exist.
FUNCTIONS = [
    ("book", "x^2/20 + y^2", [[-7, 2], [0, 0], [3.5, -1.25]]),
    ("rosenbrock", "(1 - x)^2 + 100*(y - x^2)^2", [[-1.5, 2], [1, 1], [0, 0], [0.3, -0.7]]),
    ("himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", [[3, 2], [-0.270845, -0.923039], [0, 0], [1, -4]]),
    ("saddle", "x^2 - y^2", [[0, 0], [1, 2]]),
    ("monkey saddle", "x^3 - 3*x*y^2", [[0.5, -0.25], [1, 1]]),
    ("rastrigin", "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)", [[0.25, -0.4], [1.1, 2.3]]),
    ("beale", "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2", [[3, 0.5], [1, 1]]),
    ("matyas", "0.26*(x^2 + y^2) - 0.48*x*y", [[1, 1], [-3, 7]]),
    ("trig mix", "sin(x)*cos(y) + exp(x*y/4) + log(1 + x^2 + y^2)", [[0.3, 0.7], [-1.2, 2.5]]),
    ("ackley", "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20", [[0.7, -1.3], [2.2, 0.4]]),
    ("steep", "1e6*x^2 + 1e-6*y^2 + x*y", [[1, 1]]),
]


def functions():
    tr = standard_transformations + (convert_xor, implicit_multiplication)
    out = []
    for name, src, points in FUNCTIONS:
        f = parse_expr(src.replace("e + 20", "E + 20"), local_dict={"x": x, "y": y, "pi": sp.pi}, transformations=tr)
        gx, gy = sp.diff(f, x), sp.diff(f, y)
        hxx, hxy, hyy = sp.diff(f, x, 2), sp.diff(f, x, y), sp.diff(f, y, 2)
        rows = []
        for px, py in points:
            at = {x: sp.Float(px, 30), y: sp.Float(py, 30)}
            val = lambda e: float(sp.N(e.subs(at), 30))
            h = [[val(hxx), val(hxy)], [val(hxy), val(hyy)]]
            w, v = eig(h)
            rows.append({"point": [px, py], "f": val(f), "gradient": [val(gx), val(gy)], "hessian": h,
                         "eigenvalues": w, "eigenvectors": v})
        out.append({"id": name, "f": src, "points": rows})
    return out


if __name__ == "__main__":
    data = {"generator": "tests/reference/curvature_ref.py (numpy %s, sympy %s)" % (np.__version__, sp.__version__),
            "matrices": matrices(), "functions": functions()}
    OUT.write_text(json.dumps(data, indent=2, allow_nan=False) + "\n")
    subprocess.run(["npx", "biome", "format", "--write", str(OUT)], check=True, cwd=OUT.parents[2])
    print("wrote", OUT)
