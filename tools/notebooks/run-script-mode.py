#!/usr/bin/env python3
"""Runs a notebook's script-mode training job locally, the way SageMaker's framework containers start it:

    python3 run-script-mode.py NOTEBOOK ESTIMATOR --channel NAME=DIR ... --model-dir DIR --output-dir DIR [--set KEY=VALUE ...]

ESTIMATOR is the class the notebook calls (PyTorch, SKLearn). From that call it reads entry_point, source_dir,
hyperparameters and metric_definitions (literals only); runs `python <source_dir>/<entry_point> --key value ...` with
each hyperparameter (a --set overrides one, to keep a test short), SM_CHANNEL_<NAME>, SM_MODEL_DIR and
SM_OUTPUT_DATA_DIR set, from the notebook's folder; then applies each metric definition's regex to the output, as
SageMaker does to the job's log. Prints {"exit": n, "stdout", "stderr", "hyperparameters", "metrics": {name: [values]}}.
"""
import argparse
import ast
import json
import os
import re
import subprocess
import sys

from notebook_cells import code_cells


def estimator_call(notebook, name):
    for _, source, _ in code_cells(notebook):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == name:
                return {k.arg: ast.literal_eval(k.value) for k in node.keywords
                        if k.arg in ("entry_point", "source_dir", "hyperparameters", "metric_definitions")}
    raise SystemExit(f"{notebook}: no {name}( call")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("notebook")
    parser.add_argument("estimator")
    parser.add_argument("--channel", action="append", default=[])
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("--output-dir", required=True)
    parser.add_argument("--set", action="append", default=[])
    args = parser.parse_args()
    call = estimator_call(args.notebook, args.estimator)
    hyperparameters = dict(call.get("hyperparameters", {}))
    hyperparameters.update(dict(item.split("=", 1) for item in args.set))
    environment = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", SM_MODEL_DIR=os.path.abspath(args.model_dir), SM_OUTPUT_DATA_DIR=os.path.abspath(args.output_dir))
    for channel in args.channel:
        name, folder = channel.split("=", 1)
        environment[f"SM_CHANNEL_{name.upper()}"] = os.path.abspath(folder)
    folder = os.path.join(os.path.dirname(os.path.abspath(args.notebook)), call["source_dir"])
    command = [sys.executable, call["entry_point"]] + [part for key, value in hyperparameters.items() for part in (f"--{key}", str(value))]
    run = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True, timeout=600)
    metrics = {d["Name"]: [float(m) for m in re.findall(d["Regex"], run.stdout)] for d in call.get("metric_definitions", [])}
    print(json.dumps({"exit": run.returncode, "stdout": run.stdout, "stderr": run.stderr[-3000:],
                      "hyperparameters": hyperparameters, "metrics": metrics}))


if __name__ == "__main__":
    main()
