"""The seed's gradient-descent loop, timed: the baseline of `npm run bench` (core section).

Copied from the blog post that started the project (shared/seed, "Deep Learning from scratch" part 8,
figures 6-5 and w6-9): `numerical_gradient` with `np.nditer`, `function_2`, the `sgd` / `momentum` /
`adagrad` update functions and both `gradient_descent` loops, unchanged. Only the plotting is gone
and the loops are timed with `time.perf_counter`; nothing else is adapted.

    python3 bench/seed.py [--steps N] [--repeat R] [--warmup W]

prints one JSON object: per optimizer and loop the median seconds over R timed runs of N steps from
the seed's start (-7, 2) with the seed's settings, and the final point (to check the TypeScript run
did the same work).
"""

import argparse
import json
import platform
import sys
import time

import numpy as np


# ---- copied from the seed (figure 6-5 / w6-9), unchanged ------------------------------------------

def numerical_gradient(f, x):
    h = 1e-4 # 0.0001
    grad = np.zeros_like(x)

    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])
    while not it.finished:
        idx = it.multi_index
        tmp_val = x[idx]
        x[idx] = tmp_val + h
        fxh1 = f(x) # f(x+h)

        x[idx] = tmp_val - h
        fxh2 = f(x) # f(x-h)
        grad[idx] = (fxh1 - fxh2) / (2*h)

        x[idx] = tmp_val #Restaurer la valeur
        it.iternext()

    return grad

def  adagrad(x, lr, grad, v, moment):
    v += grad * grad
    x -= lr * grad / (np.sqrt(v) + 1e-7)
    return x, v

def  momentum(x, lr, grad, v, moment):
    v = moment*v - lr*grad
    x += v
    return x, v

def sgd(x, lr, grad, v = None, moment = None):
    x -= lr * grad
    return x, v

# Figure 6-5: records a copy of x before each step.
def gradient_descent(opt, f, init_x, lr=0.01, step_num=100, moment=0.9):
    x = init_x
    x_history = []
    v = 0
    for i in range(step_num):
        x_history.append( x.copy() )
        grad = numerical_gradient(f, x)
        x, v = opt(x, lr, grad, v, moment)
    return np.array(x_history)

# Figure w6-9 (the 3-D path): records [x, y, f(x)] before each step. Renamed from `gradient_descent`
# only because both versions live in one file here.
def gradient_descent_3d(opt, f, init_x, lr=0.01, step_num=100, moment=0.9):
    x = init_x
    x_history = []
    v = 0
    for i in range(step_num):
        w = x.tolist()
        z = f(x)
        w.append(z)
        x_history.append( w )
        grad = numerical_gradient(f, x)
        x, v = opt(x, lr, grad, v, moment)
    return np.array(x_history)

def function_2(x):
    return (x[0]**2/20+x[1]**2)


# ---- timing ---------------------------------------------------------------------------------------

# The seed's calls: sgd lr=0.9, momentum lr=0.2 moment=0.9, adagrad lr=0.9; start (-7, 2).
OPTIMIZERS = {
    'sgd': (sgd, {'lr': 0.9}),
    'momentum': (momentum, {'lr': 0.2, 'moment': 0.9}),
    'adagrad': (adagrad, {'lr': 0.9}),
}
LOOPS = {'3d': gradient_descent_3d, '2d': gradient_descent}
START = (-7.0, 2.0)


def time_once(loop, opt, kwargs, steps):
    """Seconds for one `loop` of `steps` steps, and the point it ends on."""
    init_x = np.array(START)  # the loop updates x in place: a fresh start every time
    t0 = time.perf_counter()
    history = loop(opt, function_2, init_x, step_num=steps, **kwargs)
    seconds = time.perf_counter() - t0
    # The history holds the point *before* each step; init_x now holds the point after the last one.
    return seconds, [float(init_x[0]), float(init_x[1])], len(history)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--steps', type=int, default=5000)
    parser.add_argument('--repeat', type=int, default=1)
    parser.add_argument('--warmup', type=int, default=200, help='untimed steps per loop first')
    args = parser.parse_args()

    results = {}
    for loop_name, loop in LOOPS.items():
        for name, (opt, kwargs) in OPTIMIZERS.items():
            time_once(loop, opt, kwargs, args.warmup)
            runs = [time_once(loop, opt, kwargs, args.steps) for _ in range(args.repeat)]
            seconds = sorted(r[0] for r in runs)
            results[f'{name}/{loop_name}'] = {
                'optimizer': name,
                'loop': loop_name,
                'steps': args.steps,
                'seconds': seconds[len(seconds) // 2],
                'all_seconds': seconds,
                'final': runs[-1][1],
                'rows': runs[-1][2],
                **kwargs,
            }
    json.dump(
        {
            'python': platform.python_version(),
            'numpy': np.__version__,
            'steps': args.steps,
            'repeat': args.repeat,
            'results': results,
        },
        sys.stdout,
    )
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
