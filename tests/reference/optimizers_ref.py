# Regenerate the fixtures with: python3 tests/reference/optimizers_ref.py   (numpy 2.x; writes tests/reference/fixtures/*.json)
"""Independent numpy reference for Descent's optimizer rules.

Written from the PyTorch 2.x documentation's algorithm boxes (torch.optim.SGD, Adagrad, RMSprop, Adam,
AdamW, Adamax, NAdam, RAdam, Adadelta), in the documentation's own arrangement (e.g. Adam as
p - lr*m_hat/(sqrt(v_hat) + eps), AdamW's decay as p - lr*wd*p), NOT by translating the TypeScript.
The book's figure 6-8 rules ("Deep Learning from Scratch", ch. 6, common/optimizer.py) are written
exactly as the book writes them. The TypeScript tests replay every case with hand-written TS gradients
and compare each coordinate to 1e-10 (absolute or relative).

Cross-check against torch.optim (Debian's python3-torch 1.13.1, float64, run with
`/usr/bin/python3 tests/reference/torch_crosscheck.py`): every non-NAdam case of these fixtures
(sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw, adamax, radam, adadelta; 'pytorch' eps_mode
only, as torch has no 'paper' form): 100 cases agree to max |diff| = 3.6e-15 absolute, 2.2e-15 relative.
NAdam's fixtures are not compared (torch 1.13 predates the 2.0 mu_product fix); instead this file's NAdam
with 1.x's double mu_t matches torch 1.13's NAdam on the 9 NAdam cases to 1.5e-15, which checks
everything but the fix, and the 2.x fixtures differ from that 1.x path by 3e-5 to 2e-3.
The TypeScript rules match these fixtures to 8.4e-15 absolute, 3.4e-15 relative (test tolerance 1e-10).
"""

import json
import math
import re
from pathlib import Path

import numpy as np
from fractions import Fraction

OUT = Path(__file__).resolve().parent / "fixtures"

# ---------------------------------------------------------------------------------------------------
# Defaults (PyTorch 2.x; SGD's lr as in PyTorch >= 2.2). 'momentum' and 'nesterov' are SGD with other
# defaults; eps_mode is Descent's switch between PyTorch's Adam and the Adam paper's efficient form.

SGD_DEFAULTS = dict(lr=0.001, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0)
ADAM_DEFAULTS = dict(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, amsgrad=False, eps_mode="pytorch")
DEFAULTS = {
    "sgd": SGD_DEFAULTS,
    "momentum": {**SGD_DEFAULTS, "momentum": 0.9},
    "nesterov": {**SGD_DEFAULTS, "momentum": 0.9, "nesterov": True},
    "adagrad": dict(lr=0.01, lr_decay=0.0, weight_decay=0.0, eps=1e-10, initial_accumulator_value=0.0),
    "rmsprop": dict(lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False),
    "adam": ADAM_DEFAULTS,
    "adamw": {**ADAM_DEFAULTS, "weight_decay": 0.01},
    "adamax": dict(lr=0.002, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0),
    "nadam": dict(lr=0.002, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, momentum_decay=0.004),
    "radam": dict(lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0),
    "adadelta": dict(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0),
}


# ---------------------------------------------------------------------------------------------------
# The rules, one class each, following the documentation's pseudo-code line by line.
# `step(theta, g)` takes the point theta_{t-1} and the gradient there, and returns theta_t.


class SGD:
    def __init__(self, hp):
        self.hp, self.t, self.b = hp, 0, None

    def step(self, theta, g):
        hp = self.hp
        self.t += 1
        if hp["weight_decay"] != 0:
            g = g + hp["weight_decay"] * theta
        if hp["momentum"] != 0:
            if self.t > 1:
                self.b = hp["momentum"] * self.b + (1 - hp["dampening"]) * g
            else:
                self.b = g
            if hp["nesterov"]:
                g = g + hp["momentum"] * self.b
            else:
                g = self.b
        return theta - hp["lr"] * g


class Adagrad:
    def __init__(self, hp):
        self.hp, self.t, self.state_sum = hp, 0, None

    def step(self, theta, g):
        hp = self.hp
        self.t += 1
        if self.state_sum is None:
            self.state_sum = np.full_like(theta, hp["initial_accumulator_value"])
        gamma_t = hp["lr"] / (1 + (self.t - 1) * hp["lr_decay"])
        if hp["weight_decay"] != 0:
            g = g + hp["weight_decay"] * theta
        self.state_sum = self.state_sum + g**2
        return theta - gamma_t * g / (np.sqrt(self.state_sum) + hp["eps"])


class RMSprop:
    def __init__(self, hp):
        self.hp = hp
        self.v = self.g_ave = self.b = None

    def step(self, theta, g):
        hp = self.hp
        if self.v is None:
            self.v, self.g_ave, self.b = np.zeros_like(theta), np.zeros_like(theta), np.zeros_like(theta)
        alpha = hp["alpha"]
        if hp["weight_decay"] != 0:
            g = g + hp["weight_decay"] * theta
        self.v = alpha * self.v + (1 - alpha) * g**2
        v_tilde = self.v
        if hp["centered"]:
            self.g_ave = self.g_ave * alpha + (1 - alpha) * g
            v_tilde = v_tilde - self.g_ave**2
        if hp["momentum"] > 0:
            self.b = hp["momentum"] * self.b + g / (np.sqrt(v_tilde) + hp["eps"])
            return theta - hp["lr"] * self.b
        return theta - hp["lr"] * g / (np.sqrt(v_tilde) + hp["eps"])


class Adam:
    """Adam (decoupled=False) and AdamW (decoupled=True); eps_mode 'paper' is Kingma & Ba's section-2 form."""

    def __init__(self, hp, decoupled):
        self.hp, self.decoupled, self.t = hp, decoupled, 0
        self.m = self.v = self.v_max = None

    def step(self, theta, g):
        hp = self.hp
        b1, b2, lr, eps = hp["beta1"], hp["beta2"], hp["lr"], hp["eps"]
        self.t += 1
        t = self.t
        if self.m is None:
            self.m, self.v, self.v_max = np.zeros_like(theta), np.zeros_like(theta), np.zeros_like(theta)
        if self.decoupled:
            theta = theta - lr * hp["weight_decay"] * theta
        elif hp["weight_decay"] != 0:
            g = g + hp["weight_decay"] * theta
        self.m = b1 * self.m + (1 - b1) * g
        self.v = b2 * self.v + (1 - b2) * g**2
        v = self.v
        if hp["amsgrad"]:
            self.v_max = np.maximum(self.v_max, self.v)
            v = self.v_max
        if hp["eps_mode"] == "paper":
            alpha_t = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
            return theta - alpha_t * self.m / (np.sqrt(v) + eps)
        m_hat = self.m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        return theta - lr * m_hat / (np.sqrt(v_hat) + eps)


class Adamax:
    def __init__(self, hp):
        self.hp, self.t, self.m, self.u = hp, 0, None, None

    def step(self, theta, g):
        hp = self.hp
        b1, b2 = hp["beta1"], hp["beta2"]
        self.t += 1
        if self.m is None:
            self.m, self.u = np.zeros_like(theta), np.zeros_like(theta)
        if hp["weight_decay"] != 0:
            g = g + hp["weight_decay"] * theta
        self.m = b1 * self.m + (1 - b1) * g
        self.u = np.maximum(b2 * self.u, np.abs(g) + hp["eps"])
        return theta - hp["lr"] * self.m / ((1 - b1**self.t) * self.u)


class NAdam:
    """PyTorch 2.x NAdam: m_hat = mu_{t+1} m_t / (1 - prod_{i<=t+1} mu_i) + (1 - mu_t) g_t / (1 - prod_{i<=t} mu_i)."""

    def __init__(self, hp, torch1_double_mu=False):
        # torch1_double_mu: PyTorch 1.x's bug (mu_t multiplied into prod_{i<=t+1} twice), used only by
        # torch_crosscheck.py to compare the rest of the rule with Debian's torch 1.13. Never in fixtures.
        self.hp, self.t, self.mus = hp, 0, []
        self.torch1_double_mu = torch1_double_mu
        self.m = self.v = None

    def mu(self, t):
        hp = self.hp
        return hp["beta1"] * (1 - 0.5 * 0.96 ** (t * hp["momentum_decay"]))

    def step(self, theta, g):
        hp = self.hp
        b1, b2 = hp["beta1"], hp["beta2"]
        self.t += 1
        t = self.t
        if self.m is None:
            self.m, self.v = np.zeros_like(theta), np.zeros_like(theta)
        if hp["weight_decay"] != 0:
            g = g + hp["weight_decay"] * theta
        mu_t, mu_next = self.mu(t), self.mu(t + 1)
        self.mus.append(mu_t)
        prod_t = math.prod(self.mus)
        prod_next = math.prod(self.mus + [mu_next])
        if self.torch1_double_mu:
            prod_next = math.prod(self.mus + [mu_t, mu_next])
        self.m = b1 * self.m + (1 - b1) * g
        self.v = b2 * self.v + (1 - b2) * g**2
        m_hat = mu_next * self.m / (1 - prod_next) + (1 - mu_t) * g / (1 - prod_t)
        v_hat = self.v / (1 - b2**t)
        return theta - hp["lr"] * m_hat / (np.sqrt(v_hat) + hp["eps"])


class RAdam:
    def __init__(self, hp):
        self.hp, self.t, self.m, self.v = hp, 0, None, None

    def step(self, theta, g):
        hp = self.hp
        b1, b2, lr, eps = hp["beta1"], hp["beta2"], hp["lr"], hp["eps"]
        self.t += 1
        t = self.t
        if self.m is None:
            self.m, self.v = np.zeros_like(theta), np.zeros_like(theta)
        if hp["weight_decay"] != 0:
            g = g + hp["weight_decay"] * theta
        rho_inf = 2 / (1 - b2) - 1
        self.m = b1 * self.m + (1 - b1) * g
        self.v = b2 * self.v + (1 - b2) * g**2
        m_hat = self.m / (1 - b1**t)
        rho_t = rho_inf - 2 * t * b2**t / (1 - b2**t)
        if rho_t > 5:
            l_t = math.sqrt(1 - b2**t) / (np.sqrt(self.v) + eps)
            r_t = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            return theta - lr * m_hat * r_t * l_t
        return theta - lr * m_hat


class Adadelta:
    def __init__(self, hp):
        self.hp, self.v, self.u = hp, None, None

    def step(self, theta, g):
        hp = self.hp
        rho, eps = hp["rho"], hp["eps"]
        if self.v is None:
            self.v, self.u = np.zeros_like(theta), np.zeros_like(theta)
        if hp["weight_decay"] != 0:
            g = g + hp["weight_decay"] * theta
        self.v = self.v * rho + g**2 * (1 - rho)
        dx = np.sqrt(self.u + eps) / np.sqrt(self.v + eps) * g
        self.u = self.u * rho + dx**2 * (1 - rho)
        return theta - hp["lr"] * dx


RULES = {
    "sgd": SGD,
    "momentum": SGD,
    "nesterov": SGD,
    "adagrad": Adagrad,
    "rmsprop": RMSprop,
    "adam": lambda hp: Adam(hp, decoupled=False),
    "adamw": lambda hp: Adam(hp, decoupled=True),
    "adamax": Adamax,
    "nadam": NAdam,
    "radam": RAdam,
    "adadelta": Adadelta,
}

# ---------------------------------------------------------------------------------------------------
# Test functions, gradients written out by hand (the TS tests use the same expressions).


def grad_quadratic(x, y):  # f = x^2/20 + y^2 (the book's)
    return x / 10, 2 * y


def grad_rosenbrock(x, y):  # f = (1 - x)^2 + 100*(y - x^2)^2
    return -2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)


def grad_himmelblau(x, y):  # f = (x^2 + y - 11)^2 + (x + y^2 - 7)^2
    a = x * x + y - 11
    b = x + y * y - 7
    return 4 * x * a + 2 * b, 2 * a + 4 * y * b


FUNCTIONS = {
    "quadratic": (grad_quadratic, (-7.0, 2.0)),
    "rosenbrock": (grad_rosenbrock, (-1.5, 2.0)),
    "himmelblau": (grad_himmelblau, (0.0, 0.0)),
}


def gradient(name, theta):
    gx, gy = FUNCTIONS[name][0](float(theta[0]), float(theta[1]))
    return np.array([gx, gy], dtype=np.float64)


def trajectory(optimizer_id, params, function, steps):
    rule = RULES[optimizer_id](params)
    theta = np.array(FUNCTIONS[function][1], dtype=np.float64)
    points = [theta.tolist()]
    for _ in range(steps):
        theta = rule.step(theta, gradient(function, theta))
        assert theta.dtype == np.float64 and np.all(np.isfinite(theta)), (optimizer_id, params, function)
        points.append(theta.tolist())
    return points


# ---------------------------------------------------------------------------------------------------
# Cases: (optimizer id, label, overrides per function). Learning rates are chosen per function so that
# no path diverges (Rosenbrock's gradient is ~150 at its start).

STEPS = 100  # the first case of each optimizer id
VARIANT_STEPS = 50  # the other cases (keeps the fixtures small)

SGD_LR = {"quadratic": 0.1, "rosenbrock": 1e-3, "himmelblau": 0.01}
MOMENTUM_LR = {"quadratic": 0.1, "rosenbrock": 2e-4, "himmelblau": 2e-3}
ADAPTIVE_LR = {"quadratic": 0.1, "rosenbrock": 0.01, "himmelblau": 0.1}
# RAdam's first steps are plain momentum SGD (p -= lr*m_hat), so it needs an SGD-sized lr there.
RADAM_LR = {"quadratic": 0.1, "rosenbrock": 0.002, "himmelblau": 0.02}


def per_function(lrs, **overrides):
    return {fn: {"lr": lr, **overrides} for fn, lr in lrs.items()}


def same(**overrides):
    return {fn: dict(overrides) for fn in FUNCTIONS}


FAMILIES = {
    "sgd": [
        ("sgd", "plain", per_function(SGD_LR)),
        ("sgd", "weight_decay 0.1", per_function(SGD_LR, weight_decay=0.1)),
        ("sgd", "defaults (lr 0.001)", same()),
        ("momentum", "momentum 0.9", per_function(MOMENTUM_LR)),
        ("momentum", "dampening 0.5", per_function(MOMENTUM_LR, dampening=0.5)),
        ("momentum", "momentum 0.5, weight_decay 0.05", per_function(MOMENTUM_LR, momentum=0.5, weight_decay=0.05)),
        ("nesterov", "nesterov 0.9", per_function(MOMENTUM_LR)),
        ("nesterov", "nesterov 0.7, weight_decay 0.1", per_function(MOMENTUM_LR, momentum=0.7, weight_decay=0.1)),
    ],
    "adagrad": [
        ("adagrad", "lr 0.5", per_function({"quadratic": 0.5, "rosenbrock": 0.1, "himmelblau": 0.5})),
        ("adagrad", "defaults", same()),
        (
            "adagrad",
            "lr_decay 0.01, initial_accumulator_value 0.1",
            per_function({"quadratic": 0.5, "rosenbrock": 0.1, "himmelblau": 0.5}, lr_decay=0.01, initial_accumulator_value=0.1),
        ),
        ("adagrad", "weight_decay 0.1, eps 1e-7", per_function({"quadratic": 0.5, "rosenbrock": 0.1, "himmelblau": 0.5}, weight_decay=0.1, eps=1e-7)),
    ],
    "rmsprop": [
        ("rmsprop", "defaults", same()),
        ("rmsprop", "centered", per_function({"quadratic": 0.05, "rosenbrock": 0.005, "himmelblau": 0.05}, centered=True)),
        ("rmsprop", "momentum 0.9", per_function({"quadratic": 0.01, "rosenbrock": 0.001, "himmelblau": 0.01}, momentum=0.9)),
        (
            "rmsprop",
            "centered, momentum 0.5, weight_decay 0.1, alpha 0.9",
            per_function({"quadratic": 0.02, "rosenbrock": 0.002, "himmelblau": 0.02}, centered=True, momentum=0.5, weight_decay=0.1, alpha=0.9),
        ),
    ],
    "adam": [
        ("adam", "lr 0.1", per_function(ADAPTIVE_LR)),
        ("adam", "defaults", same()),
        ("adam", "amsgrad", per_function(ADAPTIVE_LR, amsgrad=True)),
        ("adam", "eps_mode paper, eps 1e-3", per_function(ADAPTIVE_LR, eps_mode="paper", eps=1e-3)),
        ("adam", "eps_mode paper, amsgrad", per_function(ADAPTIVE_LR, eps_mode="paper", amsgrad=True)),
        ("adam", "weight_decay 0.1, beta1 0.3, beta2 0.99", per_function(ADAPTIVE_LR, weight_decay=0.1, beta1=0.3, beta2=0.99)),
        ("adamw", "weight_decay 0.01", per_function(ADAPTIVE_LR)),
        ("adamw", "weight_decay 0.5, amsgrad", per_function(ADAPTIVE_LR, weight_decay=0.5, amsgrad=True)),
        ("adamw", "weight_decay 0.5, eps_mode paper", per_function(ADAPTIVE_LR, weight_decay=0.5, eps_mode="paper")),
    ],
    "adamax": [
        ("adamax", "lr 0.1", per_function(ADAPTIVE_LR)),
        ("adamax", "defaults", same()),
        ("adamax", "weight_decay 0.1, beta2 0.9", per_function(ADAPTIVE_LR, weight_decay=0.1, beta2=0.9)),
    ],
    "nadam": [
        ("nadam", "lr 0.1", per_function(ADAPTIVE_LR)),
        ("nadam", "defaults", same()),
        ("nadam", "momentum_decay 0.1, weight_decay 0.1", per_function(ADAPTIVE_LR, momentum_decay=0.1, weight_decay=0.1)),
    ],
    "radam": [
        ("radam", "lr 0.1 / 0.002 / 0.02", per_function(RADAM_LR)),
        ("radam", "defaults", same()),
        ("radam", "beta2 0.9, weight_decay 0.1", per_function(RADAM_LR, beta2=0.9, weight_decay=0.1)),
    ],
    "adadelta": [
        ("adadelta", "defaults", same()),
        ("adadelta", "lr 0.5, rho 0.95, eps 1e-4", same(lr=0.5, rho=0.95, eps=1e-4)),
        ("adadelta", "weight_decay 0.1", per_function({"quadratic": 5.0, "rosenbrock": 1.0, "himmelblau": 5.0}, weight_decay=0.1)),
    ],
}


# ---------------------------------------------------------------------------------------------------
# "Deep Learning from Scratch", figure 6-8: the book's classes, as the book writes them
# (common/optimizer.py), driven as ch06/optimizer_compare_naive.py drives them.


class BookSGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for key in params.keys():
            params[key] -= self.lr * grads[key]


class BookMomentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr = lr
        self.momentum = momentum
        self.v = None

    def update(self, params, grads):
        if self.v is None:
            self.v = {}
            for key, val in params.items():
                self.v[key] = np.zeros_like(val)
        for key in params.keys():
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]


class BookAdaGrad:
    def __init__(self, lr=0.01):
        self.lr = lr
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {}
            for key, val in params.items():
                self.h[key] = np.zeros_like(val)
        for key in params.keys():
            self.h[key] += grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)


class BookRMSprop:
    def __init__(self, lr=0.01, decay_rate=0.99):
        self.lr = lr
        self.decay_rate = decay_rate
        self.h = None

    def update(self, params, grads):
        if self.h is None:
            self.h = {}
            for key, val in params.items():
                self.h[key] = np.zeros_like(val)
        for key in params.keys():
            self.h[key] *= self.decay_rate
            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)


class BookAdam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.iter = 0
        self.m = None
        self.v = None

    def update(self, params, grads):
        if self.m is None:
            self.m, self.v = {}, {}
            for key, val in params.items():
                self.m[key] = np.zeros_like(val)
                self.v[key] = np.zeros_like(val)
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)
        for key in params.keys():
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)


def book_df(x, y):  # ch06/optimizer_compare_naive.py
    return x / 10.0, 2.0 * y


def book_run(optimizer, steps, init_pos=(-7.0, 2.0)):
    # As the book's script: params are float scalars keyed 'x' and 'y'; we also keep the final point.
    params = {"x": np.float64(init_pos[0]), "y": np.float64(init_pos[1])}
    grads = {}
    history = []
    for _ in range(steps):
        history.append([float(params["x"]), float(params["y"])])
        grads["x"], grads["y"] = book_df(params["x"], params["y"])
        optimizer.update(params, grads)
    history.append([float(params["x"]), float(params["y"])])
    return history


BOOK_CASES = [
    # label, book optimizer, steps, Descent registry equivalent
    ("figure 6-8 SGD lr 0.95", lambda: BookSGD(lr=0.95), 30, "sgd", {"lr": 0.95}),
    ("figure 6-8 Momentum lr 0.1", lambda: BookMomentum(lr=0.1), 30, "momentum", {"lr": 0.1}),
    ("figure 6-8 AdaGrad lr 1.5", lambda: BookAdaGrad(lr=1.5), 30, "adagrad", {"lr": 1.5, "eps": 1e-7}),
    ("figure 6-8 Adam lr 0.3", lambda: BookAdam(lr=0.3), 30, "adam", {"lr": 0.3, "eps": 1e-7, "eps_mode": "paper"}),
    ("blog SGD lr 0.9 x 100", lambda: BookSGD(lr=0.9), 100, "sgd", {"lr": 0.9}),
    ("blog Momentum lr 0.2 x 20", lambda: BookMomentum(lr=0.2), 20, "momentum", {"lr": 0.2}),
    ("blog AdaGrad lr 0.9 x 100", lambda: BookAdaGrad(lr=0.9), 100, "adagrad", {"lr": 0.9, "eps": 1e-7}),
    ("book RMSprop lr 0.1 x 30", lambda: BookRMSprop(lr=0.1), 30, "rmsprop", {"lr": 0.1, "eps": 1e-7}),
]


# ---------------------------------------------------------------------------------------------------
# The optimizer lab's rules (issue #13). Each is a numpy port of its source, written from that source and
# not from the TypeScript:
#   rprop, asgd, lbfgs (incl. _strong_wolfe, _cubic_interpolate): torch/optim/{rprop,asgd,lbfgs}.py
#       (single-tensor paths; 1.13 and 2.x agree; also cross-checked against torch 1.13 by torch_crosscheck.py)
#   adafactor: torch/optim/_adafactor.py (torch >= 2.5; the vector branch) -- a port of a >= 2.0 source
#   muon: torch/optim/_muon.py (torch 2.9; bfloat16 Newton-Schulz emulated with numpy float32 + bf16 rounding)
#       -- a port of a >= 2.0 source
#   lion: google/automl lion/lion_pytorch.py;  schedulefree_sgd / schedulefree_adamw:
#       facebookresearch/schedule_free sgd_schedulefree_reference.py / adamw_schedulefree_reference.py
#   newton: p - lr * solve(H + damping*I, g) with numpy.linalg.solve and hand-written Hessians.
# Every rule also reports torch's optimizer.state[p] after each step (`state()`), under torch's names.

LAB_DEFAULTS = {
    "rprop": dict(lr=0.01, eta_minus=0.5, eta_plus=1.2, step_size_min=1e-6, step_size_max=50.0),
    "asgd": dict(lr=0.01, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0.0),
    "adafactor": dict(lr=0.01, beta2_decay=-0.8, eps1=float(np.finfo(np.float64).eps), eps2=1e-3, d=1.0, weight_decay=0.0),
    "lion": dict(lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0),
    "schedulefree_sgd": dict(lr=1.0, momentum=0.9, weight_decay=0.0, warmup_steps=0, r=0.0, weight_lr_power=2.0),
    "schedulefree_adamw": dict(lr=0.0025, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, warmup_steps=0, r=0.0,
                               weight_lr_power=2.0, decay_at_z=False),
    "muon": dict(lr=1e-3, weight_decay=0.1, momentum=0.95, nesterov=True, ns_a=3.4445, ns_b=-4.7750, ns_c=2.0315,
                 eps=1e-7, ns_steps=5, adjust_lr_fn="original", ns_dtype="bfloat16"),
    "lbfgs": dict(lr=1.0, max_iter=20, max_eval=0, tolerance_grad=1e-7, tolerance_change=1e-9, history_size=100,
                  line_search_fn="none"),
    "newton": dict(lr=1.0, damping=0.0),
}


def value_quadratic(x, y):
    return x * x / 20 + y * y


def value_rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def value_himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def hessian_quadratic(x, y):
    return [[0.1, 0.0], [0.0, 2.0]]


def hessian_rosenbrock(x, y):  # fxx = 2 - 400(y - x^2) + 800x^2, fxy = -400x, fyy = 200
    return [[2 - 400 * (y - x * x) + 800 * x * x, -400 * x], [-400 * x, 200.0]]


def hessian_himmelblau(x, y):  # fxx = 4a + 8x^2 + 2, fxy = 4x + 4y, fyy = 2 + 4b + 8y^2
    a = x * x + y - 11
    b = x + y * y - 7
    return [[4 * a + 8 * x * x + 2, 4 * x + 4 * y], [4 * x + 4 * y, 2 + 4 * b + 8 * y * y]]


VALUES = {"quadratic": value_quadratic, "rosenbrock": value_rosenbrock, "himmelblau": value_himmelblau}
HESSIANS = {"quadratic": hessian_quadratic, "rosenbrock": hessian_rosenbrock, "himmelblau": hessian_himmelblau}


class Objective:
    """f, grad f and the Hessian of one reference function, counting evaluations."""

    def __init__(self, function):
        self.function = function

    def f(self, theta):
        return VALUES[self.function](float(theta[0]), float(theta[1]))

    def grad(self, theta):
        return gradient(self.function, theta)

    def hessian(self, theta):
        return np.array(HESSIANS[self.function](float(theta[0]), float(theta[1])), dtype=np.float64)


def vec(a):
    return [float(v) for v in a]


class Rprop:
    def __init__(self, hp):
        self.hp, self.st = hp, {}

    def step(self, theta, g, obj):
        hp, st = self.hp, self.st
        if not st:
            st["step"], st["prev"], st["step_size"] = 0, np.zeros_like(theta), np.full_like(theta, hp["lr"])
        st["step"] += 1
        sign = np.sign(g * st["prev"])
        factor = np.where(sign > 0, hp["eta_plus"], np.where(sign < 0, hp["eta_minus"], 1.0))
        st["step_size"] = np.clip(st["step_size"] * factor, hp["step_size_min"], hp["step_size_max"])
        g = np.where(sign < 0, 0.0, g)
        theta = theta - np.sign(g) * st["step_size"]
        st["prev"] = g.copy()
        return theta

    def state(self):
        st = self.st
        return {} if not st else {"step": st["step"], "prev": vec(st["prev"]), "step_size": vec(st["step_size"])}


class ASGD:
    def __init__(self, hp):
        self.hp, self.st = hp, {}

    def step(self, theta, g, obj):
        hp, st = self.hp, self.st
        if not st:
            st.update(step=0, eta=hp["lr"], mu=1.0, ax=np.zeros_like(theta))
        st["step"] += 1
        if hp["weight_decay"] != 0:
            g = g + hp["weight_decay"] * theta
        theta = theta * (1 - hp["lambd"] * st["eta"])
        theta = theta - st["eta"] * g
        if st["mu"] != 1:
            st["ax"] = st["ax"] + (theta - st["ax"]) * st["mu"]
        else:
            st["ax"] = theta.copy()
        st["eta"] = hp["lr"] / ((1 + hp["lambd"] * hp["lr"] * st["step"]) ** hp["alpha"])
        st["mu"] = 1 / max(1, st["step"] - hp["t0"])
        return theta

    def state(self):
        st = self.st
        return {} if not st else {"step": st["step"], "eta": st["eta"], "mu": st["mu"], "ax": vec(st["ax"])}


def torch_lerp(a, b, w):
    """torch.lerp's formula (CPU): a + w*(b - a) when |w| < 0.5, else b - (b - a)*(1 - w)."""
    return a + w * (b - a) if abs(w) < 0.5 else b - (b - a) * (1 - w)


class Adafactor:
    def __init__(self, hp):
        self.hp, self.st = hp, {}

    def step(self, theta, g, obj):
        hp, st = self.hp, self.st
        if not st:
            st.update(step=0, variance=np.zeros_like(theta))
        st["step"] += 1
        t = float(st["step"])
        one_minus_beta2_t = t ** hp["beta2_decay"]
        rho_t = min(hp["lr"], 1 / (t**0.5))
        alpha = max(hp["eps2"], float(np.linalg.norm(theta)) / (theta.size**0.5)) * rho_t
        if hp["weight_decay"] != 0:
            theta = theta * (1 - hp["lr"] * hp["weight_decay"])
        st["variance"] = np.array([torch_lerp(v, gi * gi, one_minus_beta2_t) for v, gi in zip(st["variance"], g)])
        update = g / np.sqrt(np.maximum(st["variance"], hp["eps1"] * hp["eps1"]))
        denom = max(1.0, float(np.linalg.norm(update)) / ((update.size**0.5) * hp["d"]))
        return theta - alpha / denom * update

    def state(self):
        st = self.st
        return {} if not st else {"step": st["step"], "variance": vec(st["variance"])}


class Lion:
    def __init__(self, hp):
        self.hp, self.exp_avg = hp, None

    def step(self, theta, g, obj):
        hp = self.hp
        theta = theta * (1 - hp["lr"] * hp["weight_decay"])
        if self.exp_avg is None:
            self.exp_avg = np.zeros_like(theta)
        update = self.exp_avg * hp["beta1"] + g * (1 - hp["beta1"])
        theta = theta - hp["lr"] * np.sign(update)
        self.exp_avg = self.exp_avg * hp["beta2"] + (1 - hp["beta2"]) * g
        return theta

    def state(self):
        return {} if self.exp_avg is None else {"exp_avg": vec(self.exp_avg)}


class ScheduleFree:
    """Both reference implementations: the gradient is taken at y (theta), x is the reported point."""

    def __init__(self, hp, adam):
        self.hp, self.adam = hp, adam
        self.k, self.weight_sum, self.lr_max = 0, 0.0, -1.0
        self.z = self.x = self.y = self.v = None

    def step(self, theta, g, obj):
        hp, k = self.hp, self.k
        sched = (k + 1) / hp["warmup_steps"] if k < hp["warmup_steps"] else 1.0
        if self.adam:
            lr = hp["lr"] * sched * math.sqrt(1 - hp["beta2"] ** (k + 1))
        else:
            lr = hp["lr"] * sched
        self.lr_max = max(lr, self.lr_max)
        weight = ((k + 1) ** hp["r"]) * (self.lr_max ** hp["weight_lr_power"])
        self.weight_sum = self.weight_sum + weight
        ckp1 = weight / self.weight_sum if self.weight_sum != 0 else 0
        if self.z is None:
            self.z, self.x, self.y = theta.copy(), theta.copy(), theta.copy()
            self.v = np.zeros_like(theta)
        if self.adam:
            if hp["weight_decay"] != 0:
                point = self.z if hp["decay_at_z"] else self.y
                self.z = self.z - lr * hp["weight_decay"] * point
            self.v = self.v * hp["beta2"] + (1 - hp["beta2"]) * g * g
            self.z = self.z - lr * g / (np.sqrt(self.v) + hp["eps"])
            beta = hp["beta1"]
        else:
            if hp["weight_decay"] != 0:
                g = g + hp["weight_decay"] * self.y
            self.z = self.z - lr * g
            beta = hp["momentum"]
        self.x = self.x * (1 - ckp1) + ckp1 * self.z
        self.y = self.x * beta + (1 - beta) * self.z
        self.k = k + 1
        return self.y.copy()

    def reported(self, theta):
        return theta if self.x is None else self.x

    def state(self):
        if self.z is None:
            return {}
        s = {"z": vec(self.z), "x": vec(self.x), "y": vec(self.y)}
        if self.adam:
            s = {"z": vec(self.z), "exp_avg_sq": vec(self.v), "x": vec(self.x), "y": vec(self.y)}
        return s


def bf16(v):
    """float -> bfloat16 as torch rounds (through float32, round to nearest even on the top 16 bits), as float32."""
    bits = np.array([v], dtype=np.float32).view(np.uint32)[0].item()
    bits = ((bits + (((bits >> 16) & 1) + 0x7FFF)) & 0xFFFF0000) & 0xFFFFFFFF
    return np.array([bits], dtype=np.uint32).view(np.float32)[0]


class Muon:
    def __init__(self, hp):
        self.hp, self.buf = hp, None

    def newton_schulz(self, u):
        hp = self.hp
        a, b, c = hp["ns_a"], hp["ns_b"], hp["ns_c"]
        if hp["ns_dtype"] == "float64":
            x = u / max(float(np.linalg.norm(u)), hp["eps"])
            for _ in range(hp["ns_steps"]):
                gram = float(x @ x)
                x = a * x + (b * gram + c * (gram * gram)) * x
            return x
        # bfloat16 tensors; each op computes in float32 (torch's opmath) and rounds its result to bfloat16.
        f32 = np.float32
        fa, fb, fc = f32(a), f32(b), f32(c)
        x = [bf16(v) for v in u]
        n = bf16(np.sqrt(f32(x[0] * x[0]) + f32(x[1] * x[1])))
        n = n if n >= f32(hp["eps"]) else bf16(hp["eps"])
        x = [bf16(f32(v / n)) for v in x]
        for _ in range(hp["ns_steps"]):
            gram = bf16(f32(x[0] * x[0]) + f32(x[1] * x[1]))
            upd = bf16(f32(fb * gram) + f32(fc * f32(gram * gram)))
            x = [bf16(f32(fa * v) + f32(upd * v)) for v in x]
        return np.array([float(v) for v in x], dtype=np.float64)

    def step(self, theta, g, obj):
        hp = self.hp
        mom = hp["momentum"]
        if self.buf is None:
            self.buf = np.zeros_like(theta)
        self.buf = np.array([torch_lerp(bi, gi, 1 - mom) for bi, gi in zip(self.buf, g)])
        u = np.array([torch_lerp(gi, bi, mom) for gi, bi in zip(g, self.buf)]) if hp["nesterov"] else self.buf
        o = self.newton_schulz(u)
        A, B = 1, theta.size
        ratio = 0.2 * math.sqrt(max(A, B)) if hp["adjust_lr_fn"] == "match_rms_adamw" else math.sqrt(max(1, A / B))
        theta = theta * (1 - hp["lr"] * hp["weight_decay"])
        return theta - hp["lr"] * ratio * o

    def state(self):
        return {} if self.buf is None else {"momentum_buffer": vec(self.buf)}


class Newton:
    def __init__(self, hp):
        self.hp, self.t = hp, 0

    def step(self, theta, g, obj):
        h = obj.hessian(theta) + self.hp["damping"] * np.eye(theta.size)
        self.t += 1
        return theta - self.hp["lr"] * np.linalg.solve(h, g)

    def state(self):
        return {} if self.t == 0 else {"step": self.t}


class Scalar(float):
    """A 0-dim float64 tensor's arithmetic, where it differs from a Python float's: results stay Scalars, and
    `x / tensor` is torch's Tensor.__rdiv__, `tensor.reciprocal() * x` (two roundings). In torch's L-BFGS the
    gradient products gtd and the step t (from 1. / sum or from the interpolation) are such tensors, so
    `3 * (f1 - f2) / (x1 - x2)` in _cubic_interpolate divides that way once a step length is a tensor.
    (Python tries a subclass's reflected method first, so float / Scalar reaches __rtruediv__.)"""

    def __add__(self, o):
        return Scalar(float(self) + float(o))

    def __radd__(self, o):
        return Scalar(float(o) + float(self))

    def __sub__(self, o):
        return Scalar(float(self) - float(o))

    def __rsub__(self, o):
        return Scalar(float(o) - float(self))

    def __mul__(self, o):
        return Scalar(float(self) * float(o))

    def __rmul__(self, o):
        return Scalar(float(o) * float(self))

    def __truediv__(self, o):
        return Scalar(float(self) / float(o))

    def __rtruediv__(self, o):
        return Scalar((1.0 / float(self)) * float(o))

    def __pow__(self, o):
        return Scalar(float(self) ** o)

    def __neg__(self):
        return Scalar(-float(self))

    def __abs__(self):
        return Scalar(abs(float(self)))


def dot(a, b):
    """torch.dot on float64 2-vectors (Debian's torch 1.13, measured on 20000 random pairs): a0*b0 + a1*b1, unfused.
    (numpy's a @ b goes through BLAS, whose kernels may fuse.)"""
    s = 0.0
    for u, v in zip(a, b):
        s += float(u) * float(v)
    return Scalar(s)


def cubic_interpolate(x1, f1, g1, x2, f2, g2, bounds=None):
    if bounds is not None:
        xmin_bound, xmax_bound = bounds
    else:
        xmin_bound, xmax_bound = (x1, x2) if x1 <= x2 else (x2, x1)
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1**2 - g1 * g2
    if d2_square >= 0:
        d2 = math.sqrt(d2_square)
        if x1 <= x2:
            min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        else:
            min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return min(max(min_pos, xmin_bound), xmax_bound)
    return (xmin_bound + xmax_bound) / 2.0


def strong_wolfe(obj_func, x, t, d, f, g, gtd, c1=1e-4, c2=0.9, tolerance_change=1e-9, max_ls=25):
    d_norm = float(np.max(np.abs(d)))
    g = g.copy()
    f_new, g_new = obj_func(x, t, d)
    ls_func_evals = 1
    gtd_new = dot(g_new, d)
    t_prev, f_prev, g_prev, gtd_prev = 0, f, g, gtd
    done = False
    ls_iter = 0
    while ls_iter < max_ls:
        if f_new > (f + c1 * t * gtd) or (ls_iter > 1 and f_new >= f_prev):
            bracket, bracket_f, bracket_g, bracket_gtd = [t_prev, t], [f_prev, f_new], [g_prev, g_new.copy()], [gtd_prev, gtd_new]
            break
        if abs(gtd_new) <= -c2 * gtd:
            bracket, bracket_f, bracket_g = [t], [f_new], [g_new]
            done = True
            break
        if gtd_new >= 0:
            bracket, bracket_f, bracket_g, bracket_gtd = [t_prev, t], [f_prev, f_new], [g_prev, g_new.copy()], [gtd_prev, gtd_new]
            break
        min_step = t + 0.01 * (t - t_prev)
        max_step = t * 10
        tmp = t
        t = cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, bounds=(min_step, max_step))
        t_prev, f_prev, g_prev, gtd_prev = tmp, f_new, g_new.copy(), gtd_new
        f_new, g_new = obj_func(x, t, d)
        ls_func_evals += 1
        gtd_new = dot(g_new, d)
        ls_iter += 1
    if ls_iter == max_ls:
        bracket, bracket_f, bracket_g = [0, t], [f, f_new], [g, g_new]
    insuf_progress = False
    low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[-1] else (1, 0)
    while not done and ls_iter < max_ls:
        if abs(bracket[1] - bracket[0]) * d_norm < tolerance_change:
            break
        t = cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1], bracket_gtd[1])
        eps = 0.1 * (max(bracket) - min(bracket))
        if min(max(bracket) - t, t - min(bracket)) < eps:
            if insuf_progress or t >= max(bracket) or t <= min(bracket):
                if abs(t - max(bracket)) < abs(t - min(bracket)):
                    t = max(bracket) - eps
                else:
                    t = min(bracket) + eps
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False
        f_new, g_new = obj_func(x, t, d)
        ls_func_evals += 1
        gtd_new = dot(g_new, d)
        ls_iter += 1
        if f_new > (f + c1 * t * gtd) or f_new >= bracket_f[low_pos]:
            bracket[high_pos], bracket_f[high_pos], bracket_g[high_pos], bracket_gtd[high_pos] = t, f_new, g_new.copy(), gtd_new
            low_pos, high_pos = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -c2 * gtd:
                done = True
            elif gtd_new * (bracket[high_pos] - bracket[low_pos]) >= 0:
                bracket[high_pos] = bracket[low_pos]
                bracket_f[high_pos] = bracket_f[low_pos]
                bracket_g[high_pos] = bracket_g[low_pos]
                bracket_gtd[high_pos] = bracket_gtd[low_pos]
            bracket[low_pos], bracket_f[low_pos], bracket_g[low_pos], bracket_gtd[low_pos] = t, f_new, g_new.copy(), gtd_new
    return bracket_f[low_pos], bracket_g[low_pos], bracket[low_pos], ls_func_evals


def fused_add(x, v, alpha):
    """torch's x.add(v, alpha=alpha) on an AVX2/AVX-512 CPU: fma(alpha, v, x) per coordinate, one rounding.

    torch 1.13 (Debian) measured: x.add_(v, alpha=a) equals the exactly rounded a*v + x on every one of
    20000 random 2-vectors, and differs from the unfused x + a*v on 43% of them. Exact here via fractions.
    """
    return np.array([float(Fraction(float(alpha)) * Fraction(float(b)) + Fraction(float(a))) for a, b in zip(x, v)],
                    dtype=np.float64)


class LBFGS:
    """torch's LBFGS.step(closure), one call per step; the closure is f and grad f at the current point."""

    def __init__(self, hp):
        self.hp, self.st = hp, {}

    def step(self, theta, g, obj):
        hp, state = self.hp, self.st
        lr, max_iter = hp["lr"], hp["max_iter"]
        max_eval = hp["max_eval"] if hp["max_eval"] else max_iter * 5 // 4
        tolerance_grad, tolerance_change = hp["tolerance_grad"], hp["tolerance_change"]
        history_size = hp["history_size"]
        state.setdefault("func_evals", 0)
        state.setdefault("n_iter", 0)
        p = theta.copy()
        loss = obj.f(p)
        flat_grad = g.copy()
        current_evals = 1
        state["func_evals"] += 1
        opt_cond = np.max(np.abs(flat_grad)) <= tolerance_grad
        if opt_cond:
            return p
        d, t = state.get("d"), state.get("t")
        old_dirs, old_stps, ro = state.get("old_dirs"), state.get("old_stps"), state.get("ro")
        H_diag, prev_flat_grad, prev_loss = state.get("H_diag"), state.get("prev_flat_grad"), state.get("prev_loss")
        n_iter = 0
        while n_iter < max_iter:
            n_iter += 1
            state["n_iter"] += 1
            if state["n_iter"] == 1:
                d = -flat_grad
                old_dirs, old_stps, ro, H_diag = [], [], [], 1
            else:
                y = flat_grad - prev_flat_grad
                s = d * t
                ys = dot(y, s)
                if ys > 1e-10:
                    if len(old_dirs) == history_size:
                        old_dirs.pop(0)
                        old_stps.pop(0)
                        ro.pop(0)
                    old_dirs.append(y)
                    old_stps.append(s)
                    ro.append(1.0 / ys)
                    H_diag = ys / dot(y, y)
                num_old = len(old_dirs)
                if "al" not in state:
                    state["al"] = [None] * history_size
                al = state["al"]
                q = -flat_grad
                for i in range(num_old - 1, -1, -1):
                    al[i] = dot(old_stps[i], q) * ro[i]
                    q = fused_add(q, old_dirs[i], -al[i])
                r = q * H_diag
                for i in range(num_old):
                    be_i = dot(old_dirs[i], r) * ro[i]
                    r = fused_add(r, old_stps[i], al[i] - be_i)
                d = r
            prev_flat_grad = flat_grad.copy()
            prev_loss = loss
            if state["n_iter"] == 1:
                t = min(1.0, 1.0 / Scalar(np.sum(np.abs(flat_grad)))) * lr
            else:
                t = lr
            gtd = dot(flat_grad, d)
            if gtd > -tolerance_change:
                break
            ls_func_evals = 0
            if hp["line_search_fn"] == "strong_wolfe":
                x_init = p.copy()

                def obj_func(x, step, direction):
                    point = fused_add(x, direction, step)
                    return obj.f(point), obj.grad(point)

                loss, flat_grad, t, ls_func_evals = strong_wolfe(obj_func, x_init, t, d, loss, flat_grad, gtd)
                p = fused_add(p, d, t)
                opt_cond = np.max(np.abs(flat_grad)) <= tolerance_grad
            else:
                p = fused_add(p, d, t)
                if n_iter != max_iter:
                    loss = obj.f(p)
                    flat_grad = obj.grad(p)
                    opt_cond = np.max(np.abs(flat_grad)) <= tolerance_grad
                    ls_func_evals = 1
            current_evals += ls_func_evals
            state["func_evals"] += ls_func_evals
            if n_iter == max_iter:
                break
            if current_evals >= max_eval:
                break
            if opt_cond:
                break
            if np.max(np.abs(d * t)) <= tolerance_change:
                break
            if abs(loss - prev_loss) < tolerance_change:
                break
        state.update(d=d, t=t, old_dirs=old_dirs, old_stps=old_stps, ro=ro, H_diag=H_diag,
                     prev_flat_grad=prev_flat_grad, prev_loss=prev_loss)
        return p

    def state(self):
        """torch's optimizer.state[p] entry for entry: lists of vectors as lists of lists, al's None slots as None."""
        st = self.st
        if not st:
            return {}
        s = {"func_evals": st["func_evals"], "n_iter": st["n_iter"]}
        if "al" in st:
            s["al"] = [None if a is None else float(a) for a in st["al"]]
        if "d" in st:
            s.update(d=vec(st["d"]), t=float(st["t"]), old_dirs=[vec(v) for v in st["old_dirs"]],
                     old_stps=[vec(v) for v in st["old_stps"]], ro=[float(r) for r in st["ro"]],
                     H_diag=float(st["H_diag"]), prev_flat_grad=vec(st["prev_flat_grad"]),
                     prev_loss=float(st["prev_loss"]))
        return s


LAB_RULES = {
    "rprop": Rprop,
    "asgd": ASGD,
    "adafactor": Adafactor,
    "lion": Lion,
    "schedulefree_sgd": lambda hp: ScheduleFree(hp, adam=False),
    "schedulefree_adamw": lambda hp: ScheduleFree(hp, adam=True),
    "muon": Muon,
    "lbfgs": LBFGS,
    "newton": Newton,
}


def lab_run(optimizer_id, params, function, steps):
    """The path (reported points), the gradient points where they differ, and the state after every step."""
    rule = LAB_RULES[optimizer_id](params)
    obj = Objective(function)
    theta = np.array(FUNCTIONS[function][1], dtype=np.float64)
    reported = getattr(rule, "reported", None)
    points = [vec(reported(theta) if reported else theta)]
    gradient_points = [vec(theta)]
    states = [rule.state()]
    for _ in range(steps):
        theta = rule.step(theta, obj.grad(theta), obj)
        assert np.all(np.isfinite(theta)), (optimizer_id, params, function)
        points.append(vec(reported(theta) if reported else theta))
        gradient_points.append(vec(theta))
        states.append(rule.state())
    return points, (gradient_points if reported else None), states


LAB_FAMILIES = [
    ("rprop", "defaults", same()),
    ("rprop", "lr 0.1, etas (0.3, 1.5), step_sizes (1e-3, 1)", same(lr=0.1, eta_minus=0.3, eta_plus=1.5, step_size_min=1e-3, step_size_max=1.0)),
    ("asgd", "lr 0.1 / 0.001 / 0.01", per_function(SGD_LR, lr=None)),
    ("asgd", "t0 10, lambd 0.01, weight_decay 0.1", per_function({"quadratic": 0.1, "rosenbrock": 1e-3, "himmelblau": 0.01}, t0=10.0, lambd=0.01, weight_decay=0.1)),
    ("adafactor", "defaults", same()),
    ("adafactor", "lr 0.5, weight_decay 0.1, eps2 0.1", same(lr=0.5, d=1.0, weight_decay=0.1, eps2=0.1)),
    ("lion", "lr 0.01", same(lr=0.01)),
    ("lion", "lr 0.05, beta1 0.5, weight_decay 0.1", same(lr=0.05, beta1=0.5, weight_decay=0.1)),
    ("schedulefree_sgd", "lr 0.1 / 0.001 / 0.01", per_function(SGD_LR)),
    ("schedulefree_sgd", "warmup 10, r 1, weight_decay 0.01", per_function(SGD_LR, warmup_steps=10, r=1.0, weight_decay=0.01)),
    ("schedulefree_adamw", "lr 0.1 / 0.01 / 0.1", per_function(ADAPTIVE_LR)),
    ("schedulefree_adamw", "warmup 5, weight_decay 0.1", per_function(ADAPTIVE_LR, warmup_steps=5, weight_decay=0.1)),
    ("schedulefree_adamw", "decay_at_z, weight_decay 0.1, beta1 0.5", per_function(ADAPTIVE_LR, decay_at_z=True, weight_decay=0.1, beta1=0.5)),
    ("muon", "lr 0.05", same(lr=0.05)),
    ("muon", "lr 0.05, float64 Newton-Schulz", same(lr=0.05, ns_dtype="float64")),
    ("muon", "lr 0.02, no nesterov, match_rms_adamw, weight_decay 0", same(lr=0.02, nesterov=False, adjust_lr_fn="match_rms_adamw", weight_decay=0.0)),
    # Without a line search, L-BFGS's stopping test |f - f_prev| < 1e-9 flips on a last-bit difference 20
    # iterations earlier; with torch's fused add_ (fused_add above) this port follows torch 1.13 bit for bit
    # at the defaults too (tests/reference/torch_crosscheck.py).
    ("lbfgs", "no line search", {"quadratic": {}, "rosenbrock": {"lr": 0.1, "max_iter": 5}, "himmelblau": {"lr": 0.1, "max_iter": 5}}),
    ("lbfgs", "defaults", {"rosenbrock": {}, "himmelblau": {}}),
    ("lbfgs", "strong_wolfe", same(line_search_fn="strong_wolfe")),
    ("lbfgs", "lr 0.1, max_iter 5, history_size 3, strong_wolfe", same(lr=0.1, max_iter=5, history_size=3, line_search_fn="strong_wolfe")),
    ("lbfgs", "lr 0.01, max_iter 4, max_eval 3", same(lr=0.01, max_iter=4, max_eval=3)),
    ("newton", "defaults", same()),
    ("newton", "lr 0.5, damping 1", same(lr=0.5, damping=1.0)),
]
LAB_STEPS = {"lbfgs": 8, "newton": 10}


def lab_cases():
    cases = []
    for optimizer_id, label, overrides in LAB_FAMILIES:
        steps = LAB_STEPS.get(optimizer_id, 30)
        for function, given in overrides.items():
            given = {k: v for k, v in given.items() if v is not None}
            if optimizer_id == "asgd" and "lr" not in given:
                given["lr"] = {"quadratic": 0.1, "rosenbrock": 1e-3, "himmelblau": 0.01}[function]
            params = {**LAB_DEFAULTS[optimizer_id], **given}
            points, gradient_points, states = lab_run(optimizer_id, params, function, steps)
            case = {
                "name": f"{optimizer_id} {label} on {function}",
                "optimizer": optimizer_id,
                "params": params,
                "function": function,
                "start": list(FUNCTIONS[function][1]),
                "steps": steps,
                "trajectory": points,
                "state": states,
            }
            if gradient_points is not None:
                case["gradient_points"] = gradient_points
            cases.append(case)
    return cases


def write(name, data):
    path = OUT / name
    text = json.dumps(data, indent=2, allow_nan=False)  # as Biome formats it
    # One point per line: [x, y] (repr of a float round-trips exactly).
    text = re.sub(r"\[\s+(\S+),\s+(\S+)\s+\]", r"[\1, \2]", text)
    # Exponents as Biome writes them: 1e-06 -> 1e-6, 1e+16 -> 1e16 (the same float64).
    text = re.sub(r"(\d)e([+-])0*(\d)", lambda m: f"{m[1]}e{'-' if m[2] == '-' else ''}{m[3]}", text)
    path.write_text(text + "\n")
    print(f"wrote {path.relative_to(OUT.parent.parent.parent)}")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for family, rows in FAMILIES.items():
        cases = []
        seen = set()
        for optimizer_id, label, overrides in rows:
            steps = VARIANT_STEPS if optimizer_id in seen else STEPS
            seen.add(optimizer_id)
            for function, given in overrides.items():
                params = {**DEFAULTS[optimizer_id], **given}
                cases.append(
                    {
                        "name": f"{optimizer_id} {label} on {function}",
                        "optimizer": optimizer_id,
                        "params": params,
                        "function": function,
                        "start": list(FUNCTIONS[function][1]),
                        "steps": steps,
                        "trajectory": trajectory(optimizer_id, params, function, steps),
                    }
                )
        ids = sorted({row[0] for row in rows})
        write(
            f"{family}.json",
            {
                "generator": "tests/reference/optimizers_ref.py",
                "defaults": {i: DEFAULTS[i] for i in ids},
                "cases": cases,
            },
        )

    book = []
    for label, make, steps, optimizer_id, given in BOOK_CASES:
        book.append(
            {
                "name": label,
                "optimizer": optimizer_id,
                "params": {**DEFAULTS[optimizer_id], **given},
                "function": "quadratic",
                "start": [-7.0, 2.0],
                "steps": steps,
                "trajectory": book_run(make(), steps),
            }
        )
    # PyTorch's Adam on figure 6-8 (same lr and eps, eps_mode 'pytorch'), by the reference above, and
    # its largest coordinate difference from the book's Adam.
    torch_adam_params = {**DEFAULTS["adam"], "lr": 0.3, "eps": 1e-7}
    torch_adam = trajectory("adam", torch_adam_params, "quadratic", 30)
    paper = next(c for c in book if c["name"] == "figure 6-8 Adam lr 0.3")["trajectory"]
    gap = float(np.max(np.abs(np.array(torch_adam) - np.array(paper))))
    print(f"figure 6-8 Adam: max |pytorch - paper| = {gap:.3e}")
    write("lab.json", {"generator": "tests/reference/optimizers_ref.py", "defaults": LAB_DEFAULTS, "cases": lab_cases()})
    write(
        "book_fig6_8.json",
        {
            "generator": "tests/reference/optimizers_ref.py",
            "cases": book,
            "pytorch_adam": {"params": torch_adam_params, "trajectory": torch_adam, "max_gap_to_paper": gap},
        },
    )


if __name__ == "__main__":
    main()
