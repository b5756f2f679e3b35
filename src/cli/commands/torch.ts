import { torchScript } from '../../core/torch-script.ts';
import { type Command, EXIT_OK } from '../command.ts';
import { casesArgument } from '../input.ts';

export const torchCommand: Command = {
  name: 'torch',
  usage: 'torch CASES.json',
  summary: 'print a PyTorch script that reproduces the cases ("-" reads standard input)',
  help: `descent torch CASES.json — print a Python script that reproduces the cases with PyTorch

The script needs only torch (1.13 or 2.x) and prints the same JSON as "descent run CASES.json":
  python3 script.py > results.json
Each case runs in float64: f and its gradient as torch operations (Descent's derivative formulas;
GRADIENT = "autograd" at the top of the script uses loss.backward() instead), torch.optim's
optimizer, torch.optim.lr_scheduler's schedule, and the seeded gradient noise ported to Python (the
same numbers). Rules torch does not have are written out in plain torch: Adam's 'paper' eps form,
NAdam's 2.x rule on torch < 2.0, Lion, Newton, Schedule-Free SGD and AdamW, Adafactor on
torch < 2.5, Muon (the point as a 1×2 matrix).
Every optimizer of "descent optimizers" is translated (a test keeps it so).
Cases that "descent run" rejects print the same {"id", "error"} in the script's output.`,
  run(args, io) {
    const cases = casesArgument('torch', args.positional, io);
    if (!cases.ok) return cases.error;
    io.out.write(torchScript(cases.value));
    return EXIT_OK;
  },
};
