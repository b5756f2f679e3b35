# Run with: /usr/bin/python3 tests/reference/torch_crosscheck.py   (needs torch; Debian: apt-get install python3-torch)
"""Optional cross-check of the numpy reference fixtures against torch.optim in float64.

Replays every fixture case that PyTorch can express (not NAdam: Debian's torch 1.13 predates the 2.0
mu_product fix; not eps_mode 'paper': torch has no such form) with the same hand-written gradients,
and prints the largest deviation. The test suite does not depend on this script or on torch.

The lab's fixtures (fixtures/lab.json) are replayed where torch 1.13 has the rule (Rprop, ASGD, L-BFGS with and
without strong Wolfe), comparing the path and torch's own optimizer.state[param] after every step (L-BFGS's
lists too: old_dirs, old_stps, ro, al). Last run: 26 cases, paths within 2.2e-16 and states within 2.2e-16
(relative to max(|x|, 1)); the 14 L-BFGS cases, the defaults without a line search on Rosenbrock and
Himmelblau included, bit for bit, since the port fuses add_ as torch does (fused_add) and divides by a
tensor as Tensor.__rdiv__ does (Scalar). The lab's other rules
(Adafactor, Muon, Lion, Schedule-Free, Newton) are not in torch 1.13: their fixtures are numpy ports of the
newer sources (see optimizers_ref.py).
"""

import json
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from optimizers_ref import FUNCTIONS, VALUES, NAdam  # noqa: E402  (the same hand-written gradients)

torch.set_default_dtype(torch.float64)
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make(optimizer_id, param, hp):
    betas = (hp.get("beta1"), hp.get("beta2"))
    if optimizer_id in ("sgd", "momentum", "nesterov"):
        return torch.optim.SGD([param], lr=hp["lr"], momentum=hp["momentum"], dampening=hp["dampening"],
                               nesterov=hp["nesterov"], weight_decay=hp["weight_decay"])
    if optimizer_id == "adagrad":
        return torch.optim.Adagrad([param], lr=hp["lr"], lr_decay=hp["lr_decay"], weight_decay=hp["weight_decay"],
                                   initial_accumulator_value=hp["initial_accumulator_value"], eps=hp["eps"])
    if optimizer_id == "rmsprop":
        return torch.optim.RMSprop([param], lr=hp["lr"], alpha=hp["alpha"], eps=hp["eps"],
                                   weight_decay=hp["weight_decay"], momentum=hp["momentum"], centered=hp["centered"])
    if optimizer_id in ("adam", "adamw"):
        cls = torch.optim.Adam if optimizer_id == "adam" else torch.optim.AdamW
        return cls([param], lr=hp["lr"], betas=betas, eps=hp["eps"], weight_decay=hp["weight_decay"], amsgrad=hp["amsgrad"])
    if optimizer_id == "adamax":
        return torch.optim.Adamax([param], lr=hp["lr"], betas=betas, eps=hp["eps"], weight_decay=hp["weight_decay"])
    if optimizer_id == "radam":
        return torch.optim.RAdam([param], lr=hp["lr"], betas=betas, eps=hp["eps"], weight_decay=hp["weight_decay"])
    if optimizer_id == "adadelta":
        return torch.optim.Adadelta([param], lr=hp["lr"], rho=hp["rho"], eps=hp["eps"], weight_decay=hp["weight_decay"])
    return None


LAB_TORCH = ("rprop", "asgd", "lbfgs")  # the lab's rules that torch 1.13 has


def make_lab(optimizer_id, param, hp):
    if optimizer_id == "rprop":
        return torch.optim.Rprop([param], lr=hp["lr"], etas=(hp["eta_minus"], hp["eta_plus"]),
                                 step_sizes=(hp["step_size_min"], hp["step_size_max"]))
    if optimizer_id == "asgd":
        return torch.optim.ASGD([param], lr=hp["lr"], lambd=hp["lambd"], alpha=hp["alpha"], t0=hp["t0"],
                                weight_decay=hp["weight_decay"])
    return torch.optim.LBFGS([param], lr=hp["lr"], max_iter=hp["max_iter"], max_eval=hp["max_eval"] or None,
                             tolerance_grad=hp["tolerance_grad"], tolerance_change=hp["tolerance_change"],
                             history_size=hp["history_size"],
                             line_search_fn=None if hp["line_search_fn"] == "none" else hp["line_search_fn"])


def as_number(v):
    if isinstance(v, list):  # L-BFGS's old_dirs, old_stps, ro, al (None slots stay None)
        return [None if u is None else as_number(u) for u in v]
    if torch.is_tensor(v):
        return v.tolist()
    return float(v)


def replay_lab(case):
    """torch 1.13 on a lab case: the path and torch's own optimizer.state[param] after every step."""
    hp = case["params"]
    param = torch.tensor(case["start"], dtype=torch.float64, requires_grad=True)
    opt = make_lab(case["optimizer"], param, hp)
    grad, value = FUNCTIONS[case["function"]][0], VALUES[case["function"]]

    def closure():
        x, y = param.detach().tolist()
        param.grad = torch.tensor(grad(x, y), dtype=torch.float64)
        return torch.tensor(value(x, y), dtype=torch.float64)

    points, states = [param.detach().tolist()], [{}]
    for _ in range(case["steps"]):
        if case["optimizer"] == "lbfgs":
            opt.step(closure)
        else:
            closure()
            opt.step()
        points.append(param.detach().tolist())
        st = opt.state[param]
        states.append({k: as_number(st[k]) for k in case["state"][len(states)]})
    return points, states


def deviation(a, b):
    """Largest |a - b| / max(|b|, 1) over two equally shaped nests of numbers."""
    if isinstance(b, dict):
        assert sorted(a) == sorted(b), (sorted(a), sorted(b))
        return max([deviation(a[k], b[k]) for k in b] + [0.0])
    if b is None:
        assert a is None, (a, b)
        return 0.0
    if isinstance(b, list):
        assert len(a) == len(b)
        return max([deviation(u, v) for u, v in zip(a, b)] + [0.0])
    return abs(a - b) / max(abs(b), 1.0)


def replay(case):
    hp = case["params"]
    if case["optimizer"] not in ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "adamax", "radam", "adadelta", "nadam"):
        return None
    if case["optimizer"] == "nadam" or hp.get("eps_mode", "pytorch") != "pytorch":
        return None
    param = torch.tensor(case["start"], dtype=torch.float64, requires_grad=True)
    return run_torch(make(case["optimizer"], param, hp), param, case)


def run_torch(opt, param, case):
    grad = FUNCTIONS[case["function"]][0]
    points = [param.detach().tolist()]
    for _ in range(case["steps"]):
        x, y = param.detach().tolist()
        param.grad = torch.tensor(grad(x, y), dtype=torch.float64)
        opt.step()
        points.append(param.detach().tolist())
    return points


def nadam_torch1_gap(case):
    """torch 1.13's NAdam against the numpy NAdam with 1.x's double mu_t: checks everything but the 2.0 fix."""
    hp = case["params"]
    param = torch.tensor(case["start"], dtype=torch.float64, requires_grad=True)
    opt = torch.optim.NAdam([param], lr=hp["lr"], betas=(hp["beta1"], hp["beta2"]), eps=hp["eps"],
                            weight_decay=hp["weight_decay"], momentum_decay=hp["momentum_decay"])
    got = run_torch(opt, param, case)
    rule = NAdam(hp, torch1_double_mu=True)
    grad = FUNCTIONS[case["function"]][0]
    theta = np.array(case["start"], dtype=np.float64)
    worst = 0.0
    for point in got[1:]:
        theta = rule.step(theta, np.array(grad(float(theta[0]), float(theta[1])), dtype=np.float64))
        worst = max(worst, float(np.max(np.abs(theta - np.array(point)) / np.maximum(np.abs(theta), 1.0))))
    return worst


def main():
    print(f"torch {torch.__version__}")
    worst_abs = worst_rel = 0.0
    compared = 0
    for path in sorted(p for p in FIXTURES.glob("*.json") if p.name != "lab.json"):
        data = json.loads(path.read_text())
        for case in data.get("cases", []) if isinstance(data, dict) else []:
            if not isinstance(case, dict) or "trajectory" not in case or "optimizer" not in case:
                continue  # not an optimizer fixture (fma, noise, curvature, schedules, ...)
            got = replay(case)
            if got is None:
                continue
            compared += 1
            for a, b in zip(got, case["trajectory"]):
                for u, v in zip(a, b):
                    d = abs(u - v)
                    worst_abs = max(worst_abs, d)
                    worst_rel = max(worst_rel, d / max(abs(v), 1.0))
    print(f"{compared} cases: max |torch - numpy| = {worst_abs:.2e} absolute, {worst_rel:.2e} relative (to max(|x|, 1))")
    lab = [c for c in json.loads((FIXTURES / "lab.json").read_text())["cases"] if c["optimizer"] in LAB_TORCH]
    worst_path = worst_state = 0.0
    for case in lab:
        points, states = replay_lab(case)
        worst_path = max(worst_path, deviation(points, case["trajectory"]))
        worst_state = max(worst_state, deviation(states, case["state"]))
    print(f"lab ({', '.join(LAB_TORCH)}): {len(lab)} cases, paths max relative gap {worst_path:.2e}, "
          f"states (torch's optimizer.state) {worst_state:.2e}")
    nadam = json.loads((FIXTURES / "nadam.json").read_text())["cases"]
    gap = max(nadam_torch1_gap(case) for case in nadam)
    print(f"NAdam, numpy with torch 1.x's double mu_t vs torch 1.13 ({len(nadam)} cases): max relative gap {gap:.2e}")


if __name__ == "__main__":
    main()
