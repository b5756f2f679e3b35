import { TORCH_SCRIPT_OPTIMIZERS, torchScript } from '../../core/torch-script.ts';
import { type Command, EXIT_OK } from '../command.ts';
import { casesArgument } from '../input.ts';

export const torchCommand: Command = {
  name: 'torch',
  usage: 'torch CASES.json',
  summary: 'print a PyTorch script that reproduces the cases ("-" reads standard input)',
  help: `descent torch CASES.json — print a Python script that reproduces the cases with PyTorch

The script needs only torch (1.13 or 2.x) and prints the same JSON as "descent run CASES.json":
  python3 script.py > results.json
Each case runs in float64: f as torch operations with autograd's gradient (or the same central
difference for "gradient": "numeric"), torch.optim's optimizer, torch.optim.lr_scheduler's schedule,
and the seeded gradient noise ported to Python (the same numbers). Rules torch does not have are
written out in plain torch: Adam's 'paper' eps form, NAdam's 2.x rule on torch < 2.0, Lion, Newton.
Optimizers translated: ${TORCH_SCRIPT_OPTIMIZERS.join(', ')}; other cases print an error.
Cases that "descent run" rejects print the same {"id", "error"} in the script's output.`,
  run(args, io) {
    const cases = casesArgument('torch', args.positional, io);
    if (!cases.ok) return cases.error;
    io.out.write(torchScript(cases.value));
    return EXIT_OK;
  },
};
