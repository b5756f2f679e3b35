# Run with: /usr/bin/python3 tests/reference/torch_states.py   (needs torch; Debian: apt-get install python3-torch)
"""torch.optim's own optimizer.state[p] after every step, as a fixture (fixtures/torch_states.json).

Debian's torch 1.13, float64, the hand-written gradients of optimizers_ref.py. Row 0 is the state before any
step. Entries that are None are left out (torch 1.13's plain SGD stores momentum_buffer = None; torch >= 2.1
stores nothing, as Descent does). NAdam is not included: torch 1.13's NAdam path differs from 2.x's.
The TypeScript test (tests/core/optimizers/torch_states.test.ts) compares every name and value to 1e-10.
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


def as_number(v):
    return v.tolist() if torch.is_tensor(v) else float(v)


def run(optimizer_id, given, function):
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

    keep = ("func_evals", "n_iter", "d", "t", "H_diag", "prev_flat_grad", "prev_loss")

    def state():
        st = opt.state[param]
        return {k: as_number(v) for k, v in st.items() if v is not None and (optimizer_id != "lbfgs" or k in keep)}

    points, states = [param.detach().tolist()], [state()]
    for _ in range(STEPS):
        if optimizer_id == "lbfgs":
            opt.step(closure)
        else:
            closure()
            opt.step()
        points.append(param.detach().tolist())
        states.append(state())
    return {"name": f"{optimizer_id} {json.dumps(given)} on {function}", "optimizer": optimizer_id, "params": hp,
            "function": function, "start": start, "steps": STEPS, "trajectory": points, "state": states}


def main():
    cases = [run(o, given, fn) for o, given in CASES for fn in ("quadratic", "himmelblau")]
    write("torch_states.json", {"generator": f"tests/reference/torch_states.py (torch {torch.__version__})", "cases": cases})


if __name__ == "__main__":
    main()
