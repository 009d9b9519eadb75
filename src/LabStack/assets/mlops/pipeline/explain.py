"""Pipeline step Explain: bias metrics and SHAP attributions of the trained model. This is NOT SageMaker Clarify.

Clarify is no longer open to new customers; AWS's replacement for a Clarify step in SageMaker Pipelines is a processing
step that computes Clarify's standardized metrics and SHAP itself
(https://docs.aws.amazon.com/sagemaker/latest/dg/clarify-availability-change.html). This script is that step. It runs in
the sagemaker-xgboost container as a processing job (pandas, NumPy, XGBoost inside), and offline in the lab's tests.

Reads Prepare's splits/ (train.csv and test.csv: raw rows with the label; test_features.csv: the transformed test split,
row for row) and the training job's model.tar.gz, and writes to the output folder:
- analysis.json, in the shape of Clarify's analysis.json (pre_training_bias_metrics and post_training_bias_metrics,
  each {label, label_value_or_threshold, facets: {facet: [{value_or_threshold, metrics: [{name, description, value}]}]}},
  and explanations), so a learner reads what Clarify would have written;
- explanations_shap/out.csv: the local SHAP values of every test row (one column per model feature), like Clarify's.

Facets: every value of region and of contract_type, each as facet d against all other rows as facet a. Label churned,
value 1 (the positive outcome). The formulas are Clarify's, as its documentation states them:
- pre-training, on the training split (https://docs.aws.amazon.com/sagemaker/latest/dg/clarify-measure-data-bias.html):
  CI, DPL, KL, JS, LP (p = 2), TVD and KS, over the label's distribution in each facet;
- post-training, on the test split with the model's predictions at threshold 0.5
  (https://docs.aws.amazon.com/sagemaker/latest/dg/clarify-measure-post-training-bias.html): DPPL, DI, DCAcc, DCR, RD,
  DAR, DRR, AD and TE.
A ratio whose denominator is zero is written as null with an "error" saying so (Clarify reports such values as
infinite, which JSON cannot hold); 0/0 is 0, as in Clarify's own implementation.

SHAP: exact TreeSHAP computed by XGBoost itself (Booster.predict with pred_contribs=True), the algorithm the SHAP
library's TreeExplainer implements (Clarify uses Kernel SHAP, an approximation of the same Shapley values). Values are
in the model's margin (log-odds): for every row, the sum of its contributions plus expected_value is the model's margin.
Global values are the mean absolute SHAP value of each feature, and of each original column (the one-hot columns of a
categorical summed per row first: SHAP values are additive).
"""
import argparse
import glob
import json
import math
import os
import tarfile

import numpy as np
import pandas as pd
import xgboost as xgb

LABEL = "churned"
LABEL_VALUE = 1
FACETS = ["region", "contract_type"]
THRESHOLD = 0.5

# Each metric's page, linked from the two overview pages above.
DOCS = "https://docs.aws.amazon.com/sagemaker/latest/dg/"
PRE_TRAINING = {
    "CI": ("Class Imbalance (CI)", "clarify-bias-metric-class-imbalance.html"),
    "DPL": ("Difference in Positive Proportions in Labels (DPL)", "clarify-data-bias-metric-true-label-imbalance.html"),
    "KL": ("Kullback-Liebler Divergence (KL)", "clarify-data-bias-metric-kl-divergence.html"),
    "JS": ("Jensen-Shannon Divergence (JS)", "clarify-data-bias-metric-jensen-shannon-divergence.html"),
    "LP": ("L-p Norm (LP)", "clarify-data-bias-metric-lp-norm.html"),
    "TVD": ("Total Variation Distance (TVD)", "clarify-data-bias-metric-total-variation-distance.html"),
    "KS": ("Kolmogorov-Smirnov Distance (KS)", "clarify-data-bias-metric-kolmogorov-smirnov.html"),
}
POST_TRAINING = {
    "DPPL": ("Difference in Positive Proportions in Predicted Labels (DPPL)", "clarify-post-training-bias-metric-dppl.html"),
    "DI": ("Disparate Impact (DI)", "clarify-post-training-bias-metric-di.html"),
    "DCAcc": ("Difference in Conditional Acceptance (DCAcc)", "clarify-post-training-bias-metric-dca.html"),
    "DCR": ("Difference in Conditional Rejection (DCR)", "clarify-post-training-bias-metric-dcr.html"),
    "RD": ("Recall Difference (RD)", "clarify-post-training-bias-metric-rd.html"),
    "DAR": ("Difference in Acceptance Rates (DAR)", "clarify-post-training-bias-metric-dar.html"),
    "DRR": ("Difference in Rejection Rates (DRR)", "clarify-post-training-bias-metric-drr.html"),
    "AD": ("Accuracy Difference (AD)", "clarify-post-training-bias-metric-ad.html"),
    "TE": ("Treatment Equality (TE)", "clarify-post-training-bias-metric-te.html"),
}


def ratio(numerator, denominator):
    """numerator / denominator; 0/0 is 0 (as in Clarify), x/0 is infinite (None here)."""
    if denominator == 0:
        return 0.0 if numerator == 0 else None
    return numerator / denominator


def minus(left, right):
    return None if left is None or right is None else left - right


def label_distributions(observed, facet):
    """P_a(y) and P_d(y) for the label values present in both facets (Clarify drops values missing from either)."""
    values = sorted(set(observed[~facet]) & set(observed[facet]))
    pa = np.array([(observed[~facet] == v).mean() for v in values])
    pd_ = np.array([(observed[facet] == v).mean() for v in values])
    return pa, pd_


def pre_training(observed, facet):
    """The pre-training metrics of facet d (facet True) against facet a, from the observed labels."""
    na, nd = int((~facet).sum()), int(facet.sum())
    positive = observed == LABEL_VALUE
    qa, qd = positive[~facet].mean(), positive[facet].mean()
    pa, pd_ = label_distributions(observed, facet)
    p = (pa + pd_) / 2
    return {
        "CI": (na - nd) / (na + nd),                                    # CI = (n_a - n_d) / (n_a + n_d)
        "DPL": qa - qd,                                                 # DPL = q_a - q_d, q = n(1) / n
        "KL": float(np.sum(pa * np.log(pa / pd_))),                     # KL = sum_y P_a(y) log(P_a(y) / P_d(y))
        "JS": float(0.5 * (np.sum(pa * np.log(pa / p)) + np.sum(pd_ * np.log(pd_ / p)))),  # P = (P_a + P_d) / 2
        "LP": float(np.sqrt(np.sum((pa - pd_) ** 2))),                  # L2 norm of P_a - P_d
        "TVD": float(0.5 * np.sum(np.abs(pa - pd_))),                   # half the L1 norm
        "KS": float(np.max(np.abs(pa - pd_))),                          # largest difference over the label values
    }


def post_training(observed, predicted, facet):
    """The post-training metrics of facet d against facet a, from the observed and the predicted labels."""
    y, yhat = observed == LABEL_VALUE, predicted == LABEL_VALUE

    def counts(group):
        g = lambda mask: int((mask & group).sum())
        return {"n": int(group.sum()), "n1": g(y), "n0": g(~y), "n1hat": g(yhat), "n0hat": g(~yhat),
                "TP": g(y & yhat), "FP": g(~y & yhat), "FN": g(y & ~yhat), "TN": g(~y & ~yhat)}

    a, d = counts(~facet), counts(facet)
    qa, qd = a["n1hat"] / a["n"], d["n1hat"] / d["n"]
    return {
        "DPPL": qa - qd,                                                                  # q'_a - q'_d
        "DI": ratio(qd, qa),                                                              # q'_d / q'_a
        "DCAcc": minus(ratio(a["n1"], a["n1hat"]), ratio(d["n1"], d["n1hat"])),           # c_a - c_d, c = n(1) / n'(1)
        "DCR": minus(ratio(d["n0"], d["n0hat"]), ratio(a["n0"], a["n0hat"])),             # r_d - r_a, r = n(0) / n'(0)
        "RD": minus(ratio(a["TP"], a["TP"] + a["FN"]), ratio(d["TP"], d["TP"] + d["FN"])),  # recall_a - recall_d
        "DAR": minus(ratio(a["TP"], a["n1hat"]), ratio(d["TP"], d["n1hat"])),             # TP_a / n'_a(1) - TP_d / n'_d(1)
        "DRR": minus(ratio(d["TN"], d["n0hat"]), ratio(a["TN"], a["n0hat"])),             # TN_d / n'_d(0) - TN_a / n'_a(0)
        "AD": (a["TP"] + a["TN"]) / a["n"] - (d["TP"] + d["TN"]) / d["n"],                # ACC_a - ACC_d
        # FN_d / FP_d - FN_a / FP_a, as Clarify's own code computes it (smclarify's posttraining.TE: tau = FN / FP,
        # tau_d - tau_a); a copy of the TE page writes the inverse ratio, FP_a / FN_a - FP_d / FN_d.
        "TE": minus(ratio(d["FN"], d["FP"]), ratio(a["FN"], a["FP"])),
    }


def metric_entries(values, catalogue):
    entries = []
    for name, value in values.items():
        description, page = catalogue[name]
        entry = {"name": name, "description": description, "value": None if value is None else round(float(value), 6)}
        if value is None or (isinstance(value, float) and math.isnan(value)):
            entry["value"], entry["error"] = None, "a denominator is zero: the ratio is infinite"
        entry["documentation"] = DOCS + page
        entries.append(entry)
    return entries


def bias_report(frame, compute, catalogue):
    """{label, label_value_or_threshold, facets} over every value of every facet column."""
    facets = {
        column: [{"value_or_threshold": str(value), "metrics": metric_entries(compute(frame[column] == value), catalogue)}
                 for value in sorted(frame[column].dropna().unique())]
        for column in FACETS
    }
    return {"label": LABEL, "label_value_or_threshold": str(LABEL_VALUE), "facets": facets}


def load_booster(model_folder, work):
    archive = glob.glob(os.path.join(model_folder, "*.tar.gz"))[0]
    with tarfile.open(archive) as tar:
        tar.extractall(work)
    booster = xgb.Booster()
    booster.load_model(os.path.join(work, "xgboost-model"))
    os.remove(os.path.join(work, "xgboost-model"))
    return booster


def trees(booster):
    """The trees the model predicts with: up to the early-stopping best iteration, as Evaluate counts them."""
    best = booster.attr("best_iteration")
    return (0, int(best) + 1 if best is not None else booster.num_boosted_rounds())


def original_column(feature, columns):
    """numeric__age -> age; categorical__region_east -> region (the longest column name the feature starts with)."""
    name = feature.split("__", 1)[-1]
    return max((c for c in columns if name == c or name.startswith(c + "_")), key=len, default=name)


def shap_values(booster, features):
    """Local SHAP values (rows x features) and the expected value, in the model's margin."""
    contributions = booster.predict(xgb.DMatrix(features.values), pred_contribs=True, iteration_range=trees(booster))
    return pd.DataFrame(contributions[:, :-1], columns=features.columns), float(contributions[0, -1])


def explanations(local, expected, columns):
    by_feature = local.abs().mean().sort_values(ascending=False)
    by_column = local.T.groupby([original_column(f, columns) for f in local.columns]).sum().T.abs().mean().sort_values(ascending=False)
    return {"tree_shap": {"label0": {
        "expected_value": round(expected, 6),
        "global_shap_values": {k: round(float(v), 6) for k, v in by_feature.items()},
        "global_shap_values_by_column": {k: round(float(v), 6) for k, v in by_column.items()},
    }}}


def analyse(splits, booster):
    train = pd.read_csv(os.path.join(splits, "train.csv"))
    test = pd.read_csv(os.path.join(splits, "test.csv"))
    features = pd.read_csv(os.path.join(splits, "test_features.csv"))
    if len(features) != len(test):
        raise SystemExit(f"test_features.csv has {len(features)} rows, test.csv {len(test)}: they must align")
    scores = booster.predict(xgb.DMatrix(features.values), iteration_range=trees(booster))
    predicted = pd.Series((scores >= THRESHOLD).astype(int), index=test.index)

    local, expected = shap_values(booster, features)
    report = {
        "version": "1.0",
        "generated_by": "the lab's Explain step (explain.py), not SageMaker Clarify",
        "pre_training_bias_metrics": bias_report(train, lambda facet: pre_training(train[LABEL], facet), PRE_TRAINING),
        "post_training_bias_metrics": bias_report(test, lambda facet: post_training(test[LABEL], predicted, facet), POST_TRAINING),
        "explanations": explanations(local, expected, list(test.columns)),
    }
    return report, local


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--splits", default="/opt/ml/processing/splits")
    parser.add_argument("--model", default="/opt/ml/processing/model")
    parser.add_argument("--output", default="/opt/ml/processing/analysis")
    args = parser.parse_args(argv)

    os.makedirs(os.path.join(args.output, "explanations_shap"), exist_ok=True)
    booster = load_booster(args.model, args.output)
    report, local = analyse(args.splits, booster)
    local.to_csv(os.path.join(args.output, "explanations_shap", "out.csv"), index=False)
    with open(os.path.join(args.output, "analysis.json"), "w") as out:
        json.dump(report, out, indent=2)
    top = list(report["explanations"]["tree_shap"]["label0"]["global_shap_values_by_column"].items())[:3]
    print(f"bias metrics for {', '.join(FACETS)}; top columns by mean |SHAP|: {top}")


if __name__ == "__main__":
    main()
