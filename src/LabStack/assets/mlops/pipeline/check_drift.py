"""PLACEHOLDER for the pipeline step CheckDrift (written by another branch, h-drift; replaced at merge).

Interface, fixed: python3 check_drift.py --baseline DIR --batch DIR --output DIR, where baseline holds Prepare's
splits/ (train.csv), batch the BatchData CSVs, and output receives statistics.json, constraints.json and
constraint_violations.json. This placeholder only checks its arguments and exits 0, so the asset exists.
"""
import argparse
import os

parser = argparse.ArgumentParser()
parser.add_argument("--baseline", required=True)
parser.add_argument("--batch", required=True)
parser.add_argument("--output", required=True)
args = parser.parse_args()
os.makedirs(args.output, exist_ok=True)
