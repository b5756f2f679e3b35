# Run with: /usr/bin/python3 tests/reference/torch_states.py   (needs torch; Debian: apt-get install python3-torch)
"""torch.optim's own optimizer.state[p] after every step, as a fixture (fixtures/torch_states.json).

Debian's torch 1.13, float64, the hand-written gradients of optimizers_ref.py. Row 0 is the state before any
step. Entries that are None are left out (torch 1.13's plain SGD stores momentum_buffer = None; torch >= 2.1
stores nothing, as Descent does). NAdam is not included: torch 1.13's NAdam path differs from 2.x's.
L-BFGS's lists are kept as torch holds them: old_dirs and old_stps as lists of 2-vectors, ro as numbers, al as
history_size slots (null where torch still has None).
The TypeScript test (tests/core/optimizers/torch_states.test.ts) compares every name and value to 1e-10.
The file is then formatted by Biome (npx biome format --write tests/reference/fixtures/torch_states.json).
"""

import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from optimizers_ref import DEFAULTS, FUNCTIONS, LAB_DEFAULTS, VALUES, write  # noqa: E402
from torch_crosscheck import make, make_lab  # noqa: E402

torch.set_default_dtype(torch.float64)

CASES = [
    ("sgd", {"lr": 0.01}),
    ("momentum", {"lr": 0.002, "dampening": 0.3, "weight_decay": 0.1}),
    ("nesterov", {"lr": 0.002}),
    ("adagrad", {"lr": 0.5, "lr_decay": 0.01, "initial_accumulator_value": 0.1}),
    ("rmsprop", {"lr": 0.01}),
    ("rmsprop", {"lr": 0.01, "centered": True, "momentum": 0.5}),
    ("adam", {"lr": 0.1}),
    ("adam", {"lr": 0.1, "amsgrad": True, "weight_decay": 0.1}),
    ("adamw", {"lr": 0.1}),
    ("adamax", {"lr": 0.1}),
    ("radam", {"lr": 0.01}),
    ("adadelta", {"weight_decay": 0.01}),
    ("rprop", {"lr": 0.05}),
    ("asgd", {"lr": 0.01, "t0": 5.0}),
    ("lbfgs", {"line_search_fn": "strong_wolfe", "max_iter": 5}),
]
STEPS = 12
# L-BFGS at torch's defaults, without a line search, where a last-bit difference inside a step flips the
# |f - f_prev| < tolerance_change test 20 iterations later: Descent matches only with torch's fused add_.
LBFGS_CASES = [
    ("lbfgs", {}, "rosenbrock"),
    ("lbfgs", {}, "himmelblau"),
    ("lbfgs", {"history_size": 5}, "rosenbrock"),
    ("lbfgs", {"line_search_fn": "strong_wolfe"}, "rosenbrock"),
]
LBFGS_STEPS = 8


def as_number(v):
    """A tensor as its list, a list entry by entry (L-BFGS's old_dirs, ro, al; None as null), else a float."""
    if isinstance(v, list):
        return [None if u is None else as_number(u) for u in v]
    return v.tolist() if torch.is_tensor(v) else float(v)


def run(optimizer_id, given, function, steps=STEPS):
    defaults = {**DEFAULTS, **LAB_DEFAULTS}[optimizer_id]
    hp = {**defaults, **given}
    start = list(FUNCTIONS[function][1])
    param = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = make_lab(optimizer_id, param, hp) if optimizer_id in LAB_DEFAULTS else make(optimizer_id, param, hp)
    grad, value = FUNCTIONS[function][0], VALUES[function]

    def closure():
        x, y = param.detach().tolist()
        param.grad = torch.tensor(grad(x, y), dtype=torch.float64)
        return torch.tensor(value(x, y), dtype=torch.float64)

    def state():
        st = opt.state[param]
        return {k: as_number(v) for k, v in st.items() if v is not None}

    points, states = [param.detach().tolist()], [state()]
    for _ in range(steps):
        if optimizer_id == "lbfgs":
            opt.step(closure)
        else:
            closure()
            opt.step()
        points.append(param.detach().tolist())
        states.append(state())
    return {"name": f"{optimizer_id} {json.dumps(given)} on {function}", "optimizer": optimizer_id, "params": hp,
            "function": function, "start": start, "steps": steps, "trajectory": points, "state": states}


def main():
    cases = [run(o, given, fn) for o, given in CASES for fn in ("quadratic", "himmelblau")]
    cases += [run(o, given, fn, LBFGS_STEPS) for o, given, fn in LBFGS_CASES]
    write("torch_states.json", {"generator": f"tests/reference/torch_states.py (torch {torch.__version__})", "cases": cases})


if __name__ == "__main__":
    main()
