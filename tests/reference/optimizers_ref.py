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
