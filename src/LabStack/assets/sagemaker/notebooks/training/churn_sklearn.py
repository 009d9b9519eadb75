"""Notebook 09's scikit-learn models in script mode: SageMaker's scikit-learn container runs `python
churn_sklearn.py --max-depth 5 ...` with the channels and model folder in SM_* variables; the same file runs on the
notebook and in the tests. Kept to Python 3.8 syntax and to scikit-learn 1.2's API (the container's 1.2-1 and
Debian's 1.2.1 run the same release).

For each model: stratified k-fold cross-validation on the training split (ROC AUC per fold), a fit on all of it, and
the validation split's AUC; the decision tree's and the forest's Gini feature importances; the logistic regressions'
coefficients under L1 (some become exactly zero) and L2 (all shrink, none vanish).
"""
import argparse
import json
import os

import joblib
import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier


def arguments(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-depth", type=int, default=5)
    parser.add_argument("--n-estimators", type=int, default=100)
    parser.add_argument("--C", type=float, default=0.1, help="inverse regularisation strength of the linear models")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN", "train"))
    parser.add_argument("--validation", default=os.environ.get("SM_CHANNEL_VALIDATION", "validation"))
    parser.add_argument("--features", default=os.environ.get("SM_CHANNEL_FEATURES", "features"))
    parser.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR", "model"))
    parser.add_argument("--output-dir", default=os.environ.get("SM_OUTPUT_DATA_DIR", "output"))
    return parser.parse_args(argv)


def load(folder):
    files = sorted(f for f in os.listdir(folder) if f.endswith(".csv"))
    rows = np.concatenate([np.loadtxt(os.path.join(folder, f), delimiter=",", ndmin=2) for f in files])
    return rows[:, 1:], rows[:, 0].astype(int)


def models(args):
    balanced = "balanced"  # churners are rare: weigh the classes inversely to their frequency
    return {
        "decision_tree": DecisionTreeClassifier(criterion="gini", max_depth=args.max_depth, class_weight=balanced,
                                                random_state=args.seed),
        "random_forest": RandomForestClassifier(n_estimators=args.n_estimators, criterion="gini", max_depth=args.max_depth,
                                                class_weight=balanced, random_state=args.seed, n_jobs=-1),
        "logistic_l1": LogisticRegression(penalty="l1", C=args.C, solver="liblinear", class_weight=balanced),
        "logistic_l2": LogisticRegression(penalty="l2", C=args.C, solver="liblinear", class_weight=balanced),
        "linear_svm": LinearSVC(C=args.C, class_weight=balanced, dual=False),
    }


def gini(labels):
    """Gini impurity of a node holding these labels: 1 - sum over classes of p(class) squared."""
    _, counts = np.unique(labels, return_counts=True)
    p = counts / counts.sum()
    return float(1 - (p ** 2).sum())


def score(model, x):
    return model.decision_function(x) if hasattr(model, "decision_function") else model.predict_proba(x)[:, 1]


def main(args):
    train_x, train_y = load(args.train)
    validation_x, validation_y = load(args.validation)
    names = None
    features_file = os.path.join(args.features, "features.json")
    if os.path.exists(features_file):
        with open(features_file) as f:
            names = json.load(f)["columns"]
    folds = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=args.seed)
    report = {"root_gini": gini(train_y), "models": {}}
    os.makedirs(args.model_dir, exist_ok=True)
    for name, model in models(args).items():
        cv = cross_val_score(model, train_x, train_y, cv=folds, scoring="roc_auc")
        model.fit(train_x, train_y)
        result = {"cv_auc": [round(float(v), 4) for v in cv], "cv_auc_mean": round(float(cv.mean()), 4),
                  "validation_auc": round(float(roc_auc_score(validation_y, score(model, validation_x))), 4)}
        if hasattr(model, "feature_importances_"):
            result["importances"] = [round(float(v), 4) for v in model.feature_importances_]
        if hasattr(model, "coef_"):
            result["coefficients"] = [round(float(v), 4) for v in model.coef_[0]]
            result["zero_coefficients"] = int((model.coef_[0] == 0).sum())
        if name == "decision_tree":
            # The tree's own impurity at its root, weighted by class_weight; the plain count is report["root_gini"].
            result["root_impurity"] = round(float(model.tree_.impurity[0]), 4)
        report["models"][name] = result
        joblib.dump(model, os.path.join(args.model_dir, f"{name}.joblib"))
        # The estimator's metric_definitions read these lines from the job's log.
        print(f"model={name} cv_auc={result['cv_auc_mean']:.4f} validation_auc={result['validation_auc']:.4f}", flush=True)
    report["features"] = names
    os.makedirs(args.output_dir, exist_ok=True)
    for folder in (args.model_dir, args.output_dir):
        with open(os.path.join(folder, "report.json"), "w") as f:
            json.dump(report, f)
    return report


if __name__ == "__main__":
    main(arguments())
