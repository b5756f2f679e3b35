# Regenerate with: /usr/bin/python3 tests/reference/schedules_ref.py && npx biome format --write tests/reference/fixtures/schedules.json
# (Debian's torch 1.13; writes fixtures/schedules.json; Biome only re-indents it)
"""Reference learning rates (and momentum / beta1) of torch.optim.lr_scheduler, step by step.

Each case builds a real torch optimizer on one float64 parameter, the scheduler from the case's JSON
(torch's class and argument names), and records param_groups[0]["lr"] (and "momentum" or "betas"[0])
before each of `steps` iterations of `opt.step(); sched.step()` -- the value that step used.

Source per case (the "source" field):
- "torch 1.13.1": torch's own classes. For these cases 1.13 and 2.x agree: the 2.x source
  (torch/optim/lr_scheduler.py) differs from 1.13 only in code paths these cases do not take
  (`_is_initial` replaces `last_epoch == 0` for schedulers built with last_epoch=-1; SequentialLR calls
  `_update_lr(0)` instead of `step(0)`, the same closed form; CosineAnnealingWarmRestarts wraps T_cur with
  `%` instead of `-`, equal for integer steps).
- "port of torch 2.x CyclicLR": torch 1.13's CyclicLR refuses optimizers with `betas` when
  cycle_momentum=True; torch >= 2.3 cycles betas[0]. `CyclicLR2` below is a line-by-line port of the 2.x
  get_lr (read from pytorch/pytorch torch/optim/lr_scheduler.py), subclassing 1.13's LRScheduler; it is
  also run on the SGD cases, where it must and does agree with 1.13's class (checked below).
Cases with "raises" record the step whose scheduler.step() torch refuses (OneCycleLR past total_steps).
"""

import json
import math
from pathlib import Path

import torch
from torch.optim import lr_scheduler as S

OUT = Path(__file__).resolve().parent / "fixtures" / "schedules.json"
torch.set_default_dtype(torch.float64)

INT_ARGS = {"step_size", "T_max", "T_0", "T_mult", "total_iters", "total_steps", "epochs", "steps_per_epoch",
            "step_size_up", "step_size_down"}


class CyclicLR2(S._LRScheduler):
    """torch 2.x CyclicLR (built-in modes), one group, cycling momentum or betas[0]."""

    def __init__(self, optimizer, base_lr, max_lr, step_size_up=2000, step_size_down=None, mode="triangular",
                 gamma=1.0, scale_mode="cycle", cycle_momentum=True, base_momentum=0.8, max_momentum=0.9,
                 last_epoch=-1):
        base_lrs = [base_lr for _ in optimizer.param_groups]
        for lr, group in zip(base_lrs, optimizer.param_groups):
            group["lr"] = lr
        self.max_lrs = [max_lr for _ in optimizer.param_groups]
        step_size_up = float(step_size_up)
        step_size_down = float(step_size_down) if step_size_down is not None else step_size_up
        self.total_size = step_size_up + step_size_down
        self.step_ratio = step_size_up / self.total_size
        self.mode = mode
        self.gamma = gamma
        self.scale_mode = {"triangular": "cycle", "triangular2": "cycle", "exp_range": "iterations"}[mode]
        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
                raise ValueError("optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
            self.use_beta1 = "betas" in optimizer.defaults
            self.base_momentums = [base_momentum for _ in optimizer.param_groups]
            self.max_momentums = [max_momentum for _ in optimizer.param_groups]
            for m_momentum, b_momentum, group in zip(self.max_momentums, self.base_momentums,
                                                     optimizer.param_groups):
                if self.use_beta1:
                    group["betas"] = (m_momentum, *group["betas"][1:])
                else:
                    group["momentum"] = m_momentum
                group["max_momentum"] = m_momentum
                group["base_momentum"] = b_momentum
        super().__init__(optimizer, last_epoch)
        self.base_lrs = base_lrs

    def scale_fn(self, x):
        if self.mode == "triangular":
            return 1.0
        if self.mode == "triangular2":
            return 1 / (2.0 ** (x - 1))
        return self.gamma ** x

    def get_lr(self):
        cycle = math.floor(1 + self.last_epoch / self.total_size)
        x = 1.0 + self.last_epoch / self.total_size - cycle
        if x <= self.step_ratio:
            scale_factor = x / self.step_ratio
        else:
            scale_factor = (x - 1) / (self.step_ratio - 1)
        lrs = []
        for base_lr, max_lr in zip(self.base_lrs, self.max_lrs):
            base_height = (max_lr - base_lr) * scale_factor
            if self.scale_mode == "cycle":
                lr = base_lr + base_height * self.scale_fn(cycle)
            else:
                lr = base_lr + base_height * self.scale_fn(self.last_epoch)
            lrs.append(lr)
        if self.cycle_momentum:
            momentums = []
            for base_momentum, max_momentum in zip(self.base_momentums, self.max_momentums):
                base_height = (max_momentum - base_momentum) * scale_factor
                if self.scale_mode == "cycle":
                    momentum = max_momentum - base_height * self.scale_fn(cycle)
                else:
                    momentum = max_momentum - base_height * self.scale_fn(self.last_epoch)
                momentums.append(momentum)
            for param_group, momentum in zip(self.optimizer.param_groups, momentums):
                if self.use_beta1:
                    param_group["betas"] = (momentum, *param_group["betas"][1:])
                else:
                    param_group["momentum"] = momentum
        return lrs


def py_args(spec):
    """The JSON arguments as torch takes them: ints for torch's int arguments, floats otherwise."""
    out = {}
    for k, v in spec.items():
        if k in ("name", "schedulers"):
            continue
        if isinstance(v, bool) or isinstance(v, str) or v is None:
            out[k] = v
        elif isinstance(v, list):
            out[k] = [int(m) for m in v]
        else:
            out[k] = int(v) if k in INT_ARGS else float(v)
    return out


def build(opt, spec, port_cyclic):
    name = spec["name"]
    if name == "SequentialLR":
        subs = [build(opt, s, port_cyclic) for s in spec["schedulers"]]
        return S.SequentialLR(opt, schedulers=subs, milestones=[int(m) for m in spec["milestones"]])
    if name == "CyclicLR" and port_cyclic:
        return CyclicLR2(opt, **py_args(spec))
    return getattr(S, name)(opt, **py_args(spec))


def make_optimizer(kind, lr, momentum, beta1):
    p = torch.zeros(2, requires_grad=True)
    if kind == "sgd":
        return torch.optim.SGD([p], lr=lr, momentum=momentum)
    if kind == "adam":
        return torch.optim.Adam([p], lr=lr, betas=(beta1, 0.999))
    return torch.optim.Adagrad([p], lr=lr)


def trace(case, port_cyclic):
    opt = make_optimizer(case["optimizer"], case["lr"], case.get("momentum", 0.0), case.get("beta1", 0.9))
    sched = build(opt, case["schedule"], port_cyclic)
    lrs, moms, b1s = [], [], []
    raises = None
    for k in range(case["steps"]):
        g = opt.param_groups[0]
        lrs.append(g["lr"])
        moms.append(g.get("momentum", 0.0))
        b1s.append(g["betas"][0] if "betas" in g else 0.0)
        opt.step()
        try:
            sched.step()
        except ValueError:
            raises = k + 1
            break
    return lrs, moms, b1s, raises


SGD = dict(optimizer="sgd", lr=0.1, momentum=0.9)
SGD0 = dict(optimizer="sgd", lr=0.05, momentum=0.0)
ADAM = dict(optimizer="adam", lr=0.01, beta1=0.9)
ADAGRAD = dict(optimizer="adagrad", lr=0.2)

CASES = [
    ("step-3-half", SGD, {"name": "StepLR", "step_size": 3, "gamma": 0.5}, 20),
    ("step-1", ADAM, {"name": "StepLR", "step_size": 1, "gamma": 0.9}, 30),
    ("step-7-default", SGD0, {"name": "StepLR", "step_size": 7}, 30),
    ("multistep", SGD, {"name": "MultiStepLR", "milestones": [2, 5, 5, 9], "gamma": 0.3}, 15),
    ("multistep-0", ADAGRAD, {"name": "MultiStepLR", "milestones": [0, 4]}, 8),
    ("exp-095", SGD, {"name": "ExponentialLR", "gamma": 0.95}, 60),
    ("exp-105", ADAM, {"name": "ExponentialLR", "gamma": 1.05}, 30),
    ("cos-10", SGD, {"name": "CosineAnnealingLR", "T_max": 10}, 45),
    ("cos-7-eta", ADAM, {"name": "CosineAnnealingLR", "T_max": 7, "eta_min": 0.001}, 40),
    ("cos-1", SGD0, {"name": "CosineAnnealingLR", "T_max": 1, "eta_min": 0.01}, 7),
    ("cos-100", SGD, {"name": "CosineAnnealingLR", "T_max": 100, "eta_min": 0.0001}, 250),
    ("warm-5", SGD, {"name": "CosineAnnealingWarmRestarts", "T_0": 5}, 23),
    ("warm-3-2", ADAM, {"name": "CosineAnnealingWarmRestarts", "T_0": 3, "T_mult": 2, "eta_min": 0.001}, 50),
    ("linear-default", SGD, {"name": "LinearLR"}, 10),
    ("linear-warmup", ADAM, {"name": "LinearLR", "start_factor": 0.1, "end_factor": 1.0, "total_iters": 10}, 20),
    ("linear-decay", SGD, {"name": "LinearLR", "start_factor": 1.0, "end_factor": 0.2, "total_iters": 8}, 14),
    ("const-default", SGD, {"name": "ConstantLR"}, 10),
    ("const-0", SGD0, {"name": "ConstantLR", "factor": 0.5, "total_iters": 0}, 5),
    ("const-10", ADAM, {"name": "ConstantLR", "factor": 0.25, "total_iters": 10}, 15),
    ("poly-default", SGD, {"name": "PolynomialLR"}, 9),
    ("poly-2", ADAM, {"name": "PolynomialLR", "total_iters": 10, "power": 2.0}, 14),
    ("poly-half", SGD, {"name": "PolynomialLR", "total_iters": 12, "power": 0.5}, 15),
    ("onecycle-sgd", SGD, {"name": "OneCycleLR", "max_lr": 0.5, "total_steps": 50}, 50),
    ("onecycle-sgd0", SGD0, {"name": "OneCycleLR", "max_lr": 0.5, "total_steps": 20}, 20),
    ("onecycle-adam", ADAM, {"name": "OneCycleLR", "max_lr": 0.05, "total_steps": 40, "pct_start": 0.25,
                             "base_momentum": 0.8, "max_momentum": 0.92}, 40),
    ("onecycle-3phase-linear", SGD, {"name": "OneCycleLR", "max_lr": 1.0, "total_steps": 30, "three_phase": True,
                                     "anneal_strategy": "linear", "div_factor": 10.0,
                                     "final_div_factor": 100.0}, 30),
    ("onecycle-epochs", ADAM, {"name": "OneCycleLR", "max_lr": 0.02, "epochs": 4, "steps_per_epoch": 6}, 24),
    ("onecycle-nomomentum", ADAGRAD, {"name": "OneCycleLR", "max_lr": 0.3, "total_steps": 25,
                                      "cycle_momentum": False}, 25),
    ("onecycle-past-end", SGD, {"name": "OneCycleLR", "max_lr": 0.5, "total_steps": 10}, 12),
    ("cyclic-sgd", SGD, {"name": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 4,
                         "step_size_down": 6}, 40),
    ("cyclic-tri2", SGD, {"name": "CyclicLR", "base_lr": 0.001, "max_lr": 0.05, "step_size_up": 3,
                          "mode": "triangular2"}, 30),
    ("cyclic-exp", SGD, {"name": "CyclicLR", "base_lr": 0.01, "max_lr": 0.2, "step_size_up": 5,
                         "mode": "exp_range", "gamma": 0.97, "base_momentum": 0.85, "max_momentum": 0.95}, 40),
    ("cyclic-nomomentum", ADAGRAD, {"name": "CyclicLR", "base_lr": 0.05, "max_lr": 0.5, "step_size_up": 3,
                                    "cycle_momentum": False}, 20),
    ("cyclic-adam", ADAM, {"name": "CyclicLR", "base_lr": 0.001, "max_lr": 0.01, "step_size_up": 4}, 30),
    ("cyclic-adam-exp", ADAM, {"name": "CyclicLR", "base_lr": 0.002, "max_lr": 0.02, "step_size_up": 3,
                               "step_size_down": 5, "mode": "exp_range", "gamma": 0.9}, 30),
    ("seq-warmup-cos", SGD, {"name": "SequentialLR", "milestones": [5], "schedulers": [
        {"name": "LinearLR", "start_factor": 0.1, "total_iters": 5},
        {"name": "CosineAnnealingLR", "T_max": 20}]}, 40),
    ("seq-const-exp", ADAM, {"name": "SequentialLR", "milestones": [4], "schedulers": [
        {"name": "ConstantLR", "factor": 0.1, "total_iters": 4},
        {"name": "ExponentialLR", "gamma": 0.9}]}, 15),
    ("seq-three", SGD, {"name": "SequentialLR", "milestones": [3, 9], "schedulers": [
        {"name": "LinearLR", "start_factor": 0.5, "total_iters": 3},
        {"name": "StepLR", "step_size": 2, "gamma": 0.5},
        {"name": "ExponentialLR", "gamma": 0.8}]}, 16),
    ("seq-warm-restarts", ADAM, {"name": "SequentialLR", "milestones": [3], "schedulers": [
        {"name": "LinearLR", "start_factor": 0.25, "total_iters": 3},
        {"name": "CosineAnnealingWarmRestarts", "T_0": 4, "T_mult": 2}]}, 25),
    ("seq-poly-multistep", SGD0, {"name": "SequentialLR", "milestones": [6], "schedulers": [
        {"name": "PolynomialLR", "total_iters": 10, "power": 2.0},
        {"name": "MultiStepLR", "milestones": [2, 4], "gamma": 0.5}]}, 14),
    ("seq-exp-cyclic", SGD, {"name": "SequentialLR", "milestones": [4], "schedulers": [
        {"name": "ExponentialLR", "gamma": 0.9},
        {"name": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 3}]}, 20),
    ("seq-linear-onecycle", SGD, {"name": "SequentialLR", "milestones": [5], "schedulers": [
        {"name": "LinearLR", "start_factor": 0.2, "total_iters": 5},
        {"name": "OneCycleLR", "max_lr": 0.4, "total_steps": 30}]}, 35),
]


def main():
    out = []
    for cid, opt, schedule, steps in CASES:
        case = dict(id=cid, **opt, schedule=schedule, steps=steps)
        needs_port = schedule["name"] == "CyclicLR" and opt["optimizer"] == "adam"
        lrs, moms, b1s, raises = trace(case, port_cyclic=needs_port)
        if schedule["name"] == "CyclicLR" and not needs_port:
            # The port agrees with torch 1.13's class wherever 1.13 supports the case.
            assert trace(case, port_cyclic=True)[:3] == (lrs, moms, b1s), cid
        case.update(lr_trace=lrs, momentum_trace=moms, beta1_trace=b1s, raises=raises,
                    source="port of torch 2.x CyclicLR" if needs_port else "torch 1.13")
        out.append(case)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, indent=None, separators=(",", ":")).replace("},{", "},\n{") + "\n")
    print(f"wrote {len(out)} cases to {OUT}")


if __name__ == "__main__":
    main()
