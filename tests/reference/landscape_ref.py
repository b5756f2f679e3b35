# Regenerate with: /usr/bin/python3 tests/reference/landscape_ref.py   (Debian's torch 1.13, numpy 1.24)
"""Independent torch reference for `descent landscape` (src/core/nn): writes fixtures/landscape.json.

Every number comes from torch 1.13 in float64, never from Descent's code:
  - the network is nn.Sequential(nn.Linear, nn.Tanh | nn.ReLU, ..., nn.Linear) and the loss
    nn.BCEWithLogitsLoss() (mean) of its squeezed output;
  - directions are filter-normalised by a transcription of tomgoldstein/loss-landscape's
    net_plotter.normalize_directions_for_weights(direction, weights, norm='filter', ignore='biasbn'):
    1-D parameters (biases) are zeroed, and every row d of each 2-D parameter is multiplied by
    w.norm() / (d.norm() + 1e-10) for the same row w of the weights;
  - the grid point (alpha, beta) sets every parameter to w + (d0*alpha + d1*beta), as
    net_plotter.set_weights does, alpha and beta from np.linspace;
  - runs are torch.optim optimizers in torch's loop (zero_grad, loss, backward, step, then the
    torch.optim.lr_scheduler's step when the run has a schedule) on the full batch;
  - coords are projection.project_2D(..., proj_method='lstsq'): np.linalg.lstsq([d0 d1], theta_k - theta_0);
  - PCA directions follow projection.setup_PCA_directions: rows theta_k - theta_final with biases zeroed,
    sklearn's PCA(n_components=2) done by hand (centre the columns, SVD, the two leading right
    singular vectors), each signed so that its largest-magnitude entry is positive.
The TypeScript tests (tests/core/nn/reference.test.ts) replay the inputs and compare: loss grid to
1e-9, training (loss and parameters at every step) and coords to 1e-7, PCA directions to 1e-7.
"""

import json
import math
from pathlib import Path

import numpy as np
import torch
from torch import nn

torch.set_default_dtype(torch.float64)
OUT = Path(__file__).resolve().parent / "fixtures" / "landscape.json"

# Descent's optimizer ids -> torch.optim constructors with Descent's parameter names (beta1/beta2 = betas).
DEFAULTS = {
    "sgd": dict(momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0),
    "momentum": dict(momentum=0.9, dampening=0.0, nesterov=False, weight_decay=0.0),
    "nesterov": dict(momentum=0.9, dampening=0.0, nesterov=True, weight_decay=0.0),
    "adam": dict(beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0, amsgrad=False),
    "adamw": dict(beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01, amsgrad=False),
    "rmsprop": dict(alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False),
    "adagrad": dict(lr_decay=0.0, weight_decay=0.0, eps=1e-10, initial_accumulator_value=0.0),
    "adamax": dict(beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0),
}


def make_optimizer(opt_id, params, parameters):
    hp = {**DEFAULTS[opt_id], **params}
    if "beta1" in hp:
        hp["betas"] = (hp.pop("beta1"), hp.pop("beta2"))
    cls = {
        "sgd": torch.optim.SGD,
        "momentum": torch.optim.SGD,
        "nesterov": torch.optim.SGD,
        "adam": torch.optim.Adam,
        "adamw": torch.optim.AdamW,
        "rmsprop": torch.optim.RMSprop,
        "adagrad": torch.optim.Adagrad,
        "adamax": torch.optim.Adamax,
    }[opt_id]
    return cls(parameters, **hp)


def build(layers, activation):
    mods = []
    for i in range(1, len(layers)):
        mods.append(nn.Linear(layers[i - 1], layers[i]))
        if i < len(layers) - 1:
            mods.append(nn.Tanh() if activation == "tanh" else nn.ReLU())
    return nn.Sequential(*mods).double()


def as_layers(tensors):
    """[W1, b1, W2, b2, ...] -> the case layout [{"W": rows, "b": [...]}, ...]."""
    return [{"W": tensors[i].tolist(), "b": tensors[i + 1].tolist()} for i in range(0, len(tensors), 2)]


def flat(tensors):
    return torch.cat([t.reshape(-1) for t in tensors])


def normalize_directions_for_weights(direction, weights):
    """loss-landscape: norm='filter', ignore='biasbn'."""
    for d, w in zip(direction, weights):
        if d.dim() <= 1:
            d.fill_(0)
        else:
            for dr, wr in zip(d, w):
                dr.mul_(wr.norm() / (dr.norm() + 1e-10))


def loss_at(net, X, Y):
    with torch.no_grad():
        return nn.BCEWithLogitsLoss()(net(X).squeeze(1), Y).item()


def make_case(name, seed, layers, activation, n_points, normalize, grid, runs):
    gen = torch.Generator().manual_seed(seed)
    rng = np.random.default_rng(seed)
    # XOR-like points with some label noise.
    X = rng.uniform(-3, 3, size=(n_points, layers[0]))
    Y = (X[:, 0] * X[:, -1] >= 0).astype(np.float64)
    flip = rng.uniform(size=n_points) < 0.1
    Y[flip] = 1 - Y[flip]
    Xt, Yt = torch.tensor(X), torch.tensor(Y)

    torch.manual_seed(seed)
    net = build(layers, activation)
    w0 = [p.detach().clone() for p in net.parameters()]
    raw = [[torch.randn(w.size(), generator=gen) for w in w0] for _ in range(2)]
    dirs = [[t.clone() for t in d] for d in raw]
    if normalize == "filter":
        for d in dirs:
            normalize_directions_for_weights(d, w0)

    alphas = np.linspace(grid["alpha"][0], grid["alpha"][1], grid["n"])
    betas = np.linspace(grid["beta"][0], grid["beta"][1], grid["n"])
    surface = []
    for a in alphas:
        row = []
        for b in betas:
            with torch.no_grad():
                for p, w, d0, d1 in zip(net.parameters(), w0, dirs[0], dirs[1]):
                    p.copy_(w + (d0 * a + d1 * b))
            row.append(loss_at(net, Xt, Yt))
        surface.append(row)

    A = np.vstack([flat(dirs[0]).numpy(), flat(dirs[1]).numpy()]).T
    theta0 = flat(w0).numpy()
    results = []
    for run in runs:
        with torch.no_grad():
            for p, w in zip(net.parameters(), w0):
                p.copy_(w)
        opt = make_optimizer(run["optimizer"], run.get("params", {}), net.parameters())
        sched = None
        if "schedule" in run:
            args = {k: v for k, v in run["schedule"].items() if k != "name"}
            sched = getattr(torch.optim.lr_scheduler, run["schedule"]["name"])(opt, **args)
        losses, params, coords = [], [], []
        lossfn = nn.BCEWithLogitsLoss()
        for k in range(run["steps"] + 1):
            opt.zero_grad()
            loss = lossfn(net(Xt).squeeze(1), Yt)
            theta = flat([p.detach() for p in net.parameters()]).numpy().copy()
            losses.append(loss.item())
            params.append(theta.tolist())
            xy = np.linalg.lstsq(A, theta - theta0, rcond=None)[0]
            coords.append([float(xy[0]), float(xy[1])])
            if k == run["steps"]:
                break
            loss.backward()
            opt.step()
            if sched is not None:
                sched.step()
        results.append({"id": run["id"], "loss": losses, "params": params, "coords": coords})

    case = {
        "id": name,
        "data": {"x": X.tolist(), "y": [int(v) for v in Y]},
        "layers": layers,
        "activation": activation,
        "loss": "bce",
        "weights": as_layers(w0),
        "directions": [as_layers(d) for d in raw],
        "normalize": normalize,
        "grid": grid,
        "runs": runs,
    }
    expected = {"id": name, "alpha": alphas.tolist(), "beta": betas.tolist(), "loss": surface, "runs": results}
    return case, expected, {"normalized": [flat(d).tolist() for d in dirs]}


def pca_case(layers, paths):
    """setup_PCA_directions on the concatenated paths (rows theta_k - theta_final, biases zeroed)."""
    final = paths[0][-1]
    rows = np.array([p - final for path in paths for p in path])
    # ignore_biasbn: zero every 1-D parameter's entries.
    offset = 0
    for i in range(1, len(layers)):
        n_w = layers[i - 1] * layers[i]
        rows[:, offset + n_w : offset + n_w + layers[i]] = 0
        offset += n_w + layers[i]
    centred = rows - rows.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    comps = []
    for v in vt[:2]:
        v = v / np.linalg.norm(v)
        if v[np.argmax(np.abs(v))] < 0:
            v = -v
        comps.append(v.tolist())
    ratio = (s**2 / np.sum(s**2))[:2]
    return comps, ratio.tolist()


def main():
    grid7 = {"alpha": [-1.0, 1.0], "beta": [-1.0, 1.0], "n": 7}
    specs = [
        (
            "tanh-2-8-8-1-filter",
            1,
            [2, 8, 8, 1],
            "tanh",
            40,
            "filter",
            grid7,
            [
                {"id": "sgd", "optimizer": "sgd", "params": {"lr": 0.5}, "steps": 25},
                {"id": "momentum", "optimizer": "momentum", "params": {"lr": 0.1}, "steps": 25},
                {"id": "adam", "optimizer": "adam", "params": {"lr": 0.02}, "steps": 40},
                {"id": "rmsprop", "optimizer": "rmsprop", "params": {"lr": 0.01, "centered": True}, "steps": 20},
                {"id": "adagrad", "optimizer": "adagrad", "params": {"lr": 0.1}, "steps": 20},
                {
                    "id": "momentum-steplr",
                    "optimizer": "momentum",
                    "params": {"lr": 0.2},
                    "steps": 25,
                    "schedule": {"name": "StepLR", "step_size": 5, "gamma": 0.5},
                },
                {
                    "id": "adam-cosine",
                    "optimizer": "adam",
                    "params": {"lr": 0.05},
                    "steps": 30,
                    "schedule": {"name": "CosineAnnealingLR", "T_max": 20, "eta_min": 0.001},
                },
                {
                    "id": "sgd-onecycle",
                    "optimizer": "momentum",
                    "params": {"lr": 0.1},
                    "steps": 30,
                    "schedule": {"name": "OneCycleLR", "max_lr": 0.5, "total_steps": 30},
                },
            ],
        ),
        (
            "relu-2-6-1-none",
            2,
            [2, 6, 1],
            "relu",
            30,
            "none",
            {"alpha": [-0.5, 1.5], "beta": [-2.0, 0.5], "n": 5},
            [
                {"id": "nesterov", "optimizer": "nesterov", "params": {"lr": 0.05}, "steps": 30},
                {"id": "amsgrad", "optimizer": "adam", "params": {"lr": 0.05, "amsgrad": True, "beta2": 0.99}, "steps": 30},
                {"id": "adamw", "optimizer": "adamw", "params": {"lr": 0.03, "weight_decay": 0.1}, "steps": 20},
            ],
        ),
        (
            "relu-2-16-16-1-filter",
            3,
            [2, 16, 16, 1],
            "relu",
            100,
            "filter",
            {"alpha": [-0.8, 0.8], "beta": [-0.6, 1.0], "n": 9},
            [
                {"id": "adam", "optimizer": "adam", "params": {"lr": 0.01}, "steps": 60},
                {"id": "adamax", "optimizer": "adamax", "params": {"lr": 0.02}, "steps": 30},
            ],
        ),
        (
            "tanh-2-4-4-4-1-n2",
            4,
            [2, 4, 4, 4, 1],
            "tanh",
            12,
            "filter",
            {"alpha": [-2.0, 2.0], "beta": [-1.0, 3.0], "n": 2},
            [],
        ),
    ]
    cases, expected, normalized, pca = [], [], [], []
    for spec in specs:
        case, exp, extra = make_case(*spec)
        cases.append(case)
        expected.append(exp)
        normalized.append(extra["normalized"])
        if len(exp["runs"]) >= 2:
            # At most 200 points in all (Descent thins longer paths before its PCA): the first runs.
            count, total = 0, 0
            while count < len(exp["runs"]) and total + len(exp["runs"][count]["params"]) <= 200:
                total += len(exp["runs"][count]["params"])
                count += 1
            paths = [np.array(r["params"]) for r in exp["runs"][:count]]
            comps, ratio = pca_case(spec[2], paths)
            pca.append({"id": spec[0], "runs": count, "d1": comps[0], "d2": comps[1], "explained": ratio})
    OUT.write_text(
        json.dumps(
            {
                "generator": "tests/reference/landscape_ref.py, torch " + torch.__version__,
                "cases": cases,
                "expected": expected,
                "normalized": normalized,
                "pca": pca,
            }
        )
    )
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
