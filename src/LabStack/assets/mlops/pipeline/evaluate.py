"""Pipeline step Evaluate: the trained model's AUC on the held-out test split.

Runs in the sagemaker-xgboost container as a processing job, and offline in the lab's tests. Reads model.tar.gz (the
training job's artifact) and test/test.csv (label first, no header) and writes evaluation.json in the shape the Model
Registry shows as model quality metrics: {"binary_classification_metrics": {"auc": {"value": ...}, ...}}.
"""
import argparse
import glob
import json
import os
import tarfile

import pandas as pd
import xgboost as xgb
from sklearn.metrics import accuracy_score, precision_score, recall_score, roc_auc_score


def load_booster(model_folder, work):
    archive = glob.glob(os.path.join(model_folder, "*.tar.gz"))[0]
    with tarfile.open(archive) as tar:
        tar.extractall(work)
    booster = xgb.Booster()
    booster.load_model(os.path.join(work, "xgboost-model"))
    return booster


def evaluate(booster, test):
    labels, features = test[0], test.drop(columns=[0])
    best = booster.attr("best_iteration")
    trees = int(best) + 1 if best is not None else booster.num_boosted_rounds()
    scores = booster.predict(xgb.DMatrix(features.values), iteration_range=(0, trees))
    predicted = (scores >= 0.5).astype(int)
    metric = lambda value: {"value": round(float(value), 4), "standard_deviation": "NaN"}
    return {"binary_classification_metrics": {
        "auc": metric(roc_auc_score(labels, scores)),
        "accuracy": metric(accuracy_score(labels, predicted)),
        "precision": metric(precision_score(labels, predicted, zero_division=0)),
        "recall": metric(recall_score(labels, predicted)),
    }}


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="/opt/ml/processing/model")
    parser.add_argument("--test", default="/opt/ml/processing/test")
    parser.add_argument("--output", default="/opt/ml/processing/evaluation")
    args = parser.parse_args(argv)

    os.makedirs(args.output, exist_ok=True)
    booster = load_booster(args.model, args.output)
    report = evaluate(booster, pd.read_csv(os.path.join(args.test, "test.csv"), header=None))
    os.remove(os.path.join(args.output, "xgboost-model"))
    with open(os.path.join(args.output, "evaluation.json"), "w") as out:
        json.dump(report, out, indent=2)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
