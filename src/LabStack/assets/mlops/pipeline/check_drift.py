"""Pipeline step CheckDrift: does a batch of new customers still look like the data the model was trained on?

Runs in the sagemaker-xgboost 1.7-1 container as a processing job after the batch transform (pandas and numpy come
with it), and offline in the lab's tests on the shipped data. This is NOT SageMaker Model Monitor: Model Monitor is no
longer open to new customers (https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-availability-change.html),
so a learner's new account cannot run its baselining job or a monitoring schedule. This script does the data-quality
part of that job itself and writes its results in the file formats of Model Monitor's prebuilt container, so the files
read the way the exam and AWS's pages describe them:

  <output>/baseline/statistics.json    statistics of the baseline    (model-monitor-byoc-statistics.html)
  <output>/baseline/constraints.json   constraints suggested from it (model-monitor-byoc-constraints.html)
  <output>/statistics.json             statistics of the batch       (model-monitor-byoc-statistics.html)
  <output>/constraint_violations.json  the batch against the constraints (model-monitor-interpreting-violations.html)

(pages under https://docs.aws.amazon.com/sagemaker/latest/dg/). It reads every CSV under --baseline (the training
split's raw rows, with a header, label included) and under --batch (the raw rows sent to the batch transform, with a
header; an empty field is a missing value), infers each column's type from the baseline (Integral when every present
value is a whole number, 42 or 42.0; Fractional when every one is a number; else String, with a domain when it has at
most 20 distinct values), suggests the constraints and checks the batch against them. --ignore names columns that are
neither described nor checked (by default the customer id and the label, which a batch to score does not have).
The check types are the prebuilt container's six; how this script measures each:

  missing_column_check      a baseline column the batch lacks (one violation per column)
  extra_column_check        a batch column the baseline lacks (one violation per column)
  data_type_check           share of a numeric column's present values that are of its baseline type, below
                            monitoring_config.datatype_check_threshold (1.0: every value must be)
  completeness_check        share of present (non-empty) values below the baseline's completeness by more than three
                            standard errors of a share for a batch of that size, so sampling alone does not flag it
  baseline_drift_check      numeric: the two-sample Kolmogorov-Smirnov statistic, the L-infinity distance between the
                            two empirical CDFs (sup over x of |F_baseline(x) - F_batch(x)|), above comparison_threshold;
                            string: the L-infinity distance between the two columns' category shares
                            (categorical_drift_method LInfinity), above categorical_comparison_threshold
  categorical_values_check  share of a string column's present values inside the baseline's domain, below
                            monitoring_config.domain_content_threshold (1.0: every value must be known)

Unlike the prebuilt container it keeps no KLL sketch (the distribution's ten buckets only: it measures distances on the
rows themselves), emits no CloudWatch metrics, and writes is_non_negative without checking it. Violations do not fail
the step (exit 0: it reports, the pipeline goes on); unusable input does, with one line and exit 2 (no CSV files, no
rows, a row wider or narrower than its header, a column named twice, no column in common). It keeps to long-standing
pandas and numpy calls: the container's releases are older than the Debian pandas 1.5 and numpy 1.24 the tests run.
"""
import argparse
import csv
import glob
import json
import math
import os
import sys

import numpy as np
import pandas as pd

DOMAIN_LIMIT = 20  # a string column with at most this many distinct values has a domain ("for small cardinality")
COMPLETENESS_SIGMAS = 3
MONITORING_CONFIG = {
    "evaluate_constraints": "Enabled",
    "emit_metrics": "Disabled",  # no CloudWatch metrics: the report is the files
    # Stricter than the constraints page's example and table (0.1, model-monitor-byoc-constraints.html): here every
    # present value must have the column's type and, for a column with a domain, be in it.
    "datatype_check_threshold": 1.0,
    "domain_content_threshold": 1.0,
    "distribution_constraints": {
        "perform_comparison": "Enabled",
        "comparison_threshold": 0.1,
        "comparison_method": "Simple",  # the measured distance itself is compared with the threshold
        "categorical_comparison_threshold": 0.1,
        "categorical_drift_method": "LInfinity",
    },
}
NUMERIC = ("Integral", "Fractional")


class Unusable(Exception):
    """Input the check cannot work with: reported in one line, exit 2."""


def checked_header(path, names):
    header = [name.strip() for name in names]
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice:
        raise Unusable(f"{path} is not a readable CSV: its header names {', '.join(twice)} more than once")
    return header


def read_csv(path):
    """The file's rows as text, every one as wide as the header (pandas would shift a wider first row silently)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:
            rows = [(number, row) for number, row in enumerate(csv.reader(file), start=1) if row]
    except (UnicodeDecodeError, csv.Error) as error:
        raise Unusable(f"{path} is not a readable CSV: {error}") from None
    if not rows:
        return pd.DataFrame()
    header = checked_header(path, rows[0][1])
    for number, row in rows[1:]:
        if len(row) != len(header):
            raise Unusable(f"{path} is not a readable CSV: line {number} has {len(row)} fields, "
                           f"its header {len(header)}")
    return pd.DataFrame([row for _, row in rows[1:]], columns=header, dtype=str)


def read_folder(folder, what, ignore):
    files = sorted(glob.glob(os.path.join(folder, "**", "*.csv"), recursive=True))
    if not files:
        raise Unusable(f"no CSV files under {folder} (the {what})")
    data = pd.concat([read_csv(f) for f in files], ignore_index=True).fillna("")
    if data.empty:
        raise Unusable(f"the {what} under {folder} has no rows: its CSV files hold a header at most")
    data = data.drop(columns=[c for c in data.columns if c in ignore])
    return data.apply(lambda column: column.str.strip())


def present(column):
    return column[column != ""]


def as_numbers(column):
    return pd.to_numeric(present(column), errors="coerce").replace([np.inf, -np.inf], np.nan)


def of_type(column, inferred):
    """Which present values are of the inferred numeric type."""
    numbers = as_numbers(column)
    return numbers.notna() & ((numbers % 1 == 0) if inferred == "Integral" else True)


def infer_type(column):
    """Integral if every present value is a whole number (42 or 42.0, as pandas writes an integer column with gaps)."""
    numbers = as_numbers(column)
    if numbers.empty:
        return "Unknown"
    if numbers.isna().any():
        return "String"
    return "Integral" if (numbers % 1 == 0).all() else "Fractional"


def common(column):
    count = int((column != "").sum())
    return {"num_present": count, "num_missing": int(len(column) - count)}


def numerical_statistics(column, inferred):
    numbers = as_numbers(column)[of_type(column, inferred)].to_numpy(dtype=float)
    stats = {"common": common(column)}
    if numbers.size:
        counts, edges = np.histogram(numbers, bins=10)
        buckets = [{"lower_bound": float(lo), "upper_bound": float(hi), "count": int(n)}
                   for lo, hi, n in zip(edges[:-1], edges[1:], counts)]
        stats.update(mean=float(numbers.mean()), sum=float(numbers.sum()), std_dev=float(numbers.std()),
                     min=float(numbers.min()), max=float(numbers.max()), distribution={"kll": {"buckets": buckets}})
    return stats


def string_statistics(column):
    counts = present(column).value_counts()
    stats = {"common": common(column), "distinct_count": int(counts.size)}
    if counts.size <= DOMAIN_LIMIT:
        buckets = [{"value": str(value), "count": int(n)} for value, n in counts.items()]
        stats["distribution"] = {"categorical": {"buckets": buckets}}
    return stats


def statistics(data, types):
    features = []
    for name, inferred in types.items():
        if name not in data.columns:
            continue
        feature = {"name": name, "inferred_type": inferred}
        if inferred in NUMERIC:
            feature["numerical_statistics"] = numerical_statistics(data[name], inferred)
        else:
            feature["string_statistics"] = string_statistics(data[name])
        features.append(feature)
    return {"version": 0, "dataset": {"item_count": int(len(data))}, "features": features}


def suggest_constraint(column, inferred):
    feature = {"name": column.name, "inferred_type": inferred,
               "completeness": float((column != "").mean())}
    if inferred in NUMERIC:
        feature["num_constraints"] = {"is_non_negative": bool((as_numbers(column) >= 0).all())}
    values = sorted(present(column).unique())
    if inferred == "String" and len(values) <= DOMAIN_LIMIT:
        feature["string_constraints"] = {"domains": values}
    feature["monitoringConfigOverrides"] = {}
    return feature


def suggest_constraints(baseline, types):
    features = [suggest_constraint(baseline[name], inferred) for name, inferred in types.items()]
    return {"version": 0, "features": features, "monitoring_config": MONITORING_CONFIG}


def violation(name, check, description):
    return {"feature_name": name, "constraint_check_type": check, "description": description}


def column_checks(features, batch):
    expected, seen = [f["name"] for f in features], list(batch.columns)
    counts = f"the batch has {len(seen)} columns, the baseline {len(expected)}"
    missing = [violation(c, "missing_column_check", f"Column {c} of the baseline is missing from the batch; {counts}.")
               for c in expected if c not in seen]
    extra = [violation(c, "extra_column_check", f"Column {c} of the batch is not in the baseline; {counts}.")
             for c in seen if c not in expected]
    return missing + extra


def data_type_check(feature, column, config):
    if feature["inferred_type"] not in NUMERIC or present(column).empty:
        return []
    matches = of_type(column, feature["inferred_type"])
    share, threshold = float(matches.mean()), config["datatype_check_threshold"]
    if share >= threshold:
        return []
    example = present(column)[~matches].iloc[0]
    return [violation(feature["name"], "data_type_check",
                      f"Data type match requirement is not met. Expected data type: {feature['inferred_type']}, "
                      f"expected match: at least {threshold:.2%} of the present values (datatype_check_threshold "
                      f"{threshold}). Observed: {share:.2%} of {matches.size} ({int((~matches).sum())} not, "
                      f"for example '{example}').")]


def completeness_check(feature, column, config):
    expected, observed = feature["completeness"], float((column != "").mean())
    least = expected - COMPLETENESS_SIGMAS * math.sqrt(expected * (1 - expected) / len(column))
    if observed >= least - 1e-12:
        return []
    return [violation(feature["name"], "completeness_check",
                      f"Data completeness requirement is not met. Expected completeness: at least {least:.4f} "
                      f"(baseline {expected:.4f} less {COMPLETENESS_SIGMAS} standard errors for {len(column)} rows). "
                      f"Observed completeness: {observed:.4f}.")]


def ks_distance(a, b):
    """Two-sample Kolmogorov-Smirnov statistic: the largest gap between the two empirical CDFs."""
    a, b = np.sort(a), np.sort(b)
    points = np.concatenate([a, b])
    gaps = np.searchsorted(a, points, side="right") / a.size - np.searchsorted(b, points, side="right") / b.size
    return float(np.abs(gaps).max())


def linf_distance(a, b):
    """L-infinity distance between two columns' category shares."""
    shares = pd.concat([a.value_counts(normalize=True), b.value_counts(normalize=True)], axis=1).fillna(0)
    return float((shares.iloc[:, 0] - shares.iloc[:, 1]).abs().max())


def drift_distance(feature, reference, column):
    if feature["inferred_type"] in NUMERIC:
        a = as_numbers(reference)[of_type(reference, feature["inferred_type"])].to_numpy(dtype=float)
        b = as_numbers(column)[of_type(column, feature["inferred_type"])].to_numpy(dtype=float)
        return ("Kolmogorov-Smirnov", ks_distance(a, b), "comparison_threshold") if a.size and b.size else None
    if "string_constraints" in feature and not present(column).empty:
        return "LInfinity", linf_distance(present(reference), present(column)), "categorical_comparison_threshold"
    return None


def baseline_drift_check(feature, reference, column, config):
    distances = config["distribution_constraints"]
    measured = drift_distance(feature, reference, column)
    if distances["perform_comparison"] != "Enabled" or measured is None:
        return []
    method, distance, key = measured
    if distance <= distances[key]:
        return []
    return [violation(feature["name"], "baseline_drift_check",
                      f"Baseline drift distance: {distance:.4f} exceeds threshold: {distances[key]} "
                      f"({method} distance between the baseline's and the batch's distributions; {key}).")]


def categorical_values_check(feature, column, config):
    domain = feature.get("string_constraints", {}).get("domains")
    values = present(column)
    if domain is None or values.empty:
        return []
    known = values.isin(domain)
    share, threshold = float(known.mean()), config["domain_content_threshold"]
    if share >= threshold:
        return []
    unknown = ", ".join(sorted(values[~known].unique())[:5])
    return [violation(feature["name"], "categorical_values_check",
                      f"Data domain content requirement is not met. Expected: at least {threshold:.2%} of the "
                      f"present values in the baseline's domain ({', '.join(domain)}; "
                      f"domain_content_threshold {threshold}). "
                      f"Observed: {share:.2%} ({int((~known).sum())} of {known.size} outside it: {unknown}).")]


def feature_checks(feature, reference, column, config):
    return (data_type_check(feature, column, config) + completeness_check(feature, column, config)
            + baseline_drift_check(feature, reference, column, config)
            + categorical_values_check(feature, column, config))


def check(baseline, batch, constraints):
    config = constraints["monitoring_config"]
    found = column_checks(constraints["features"], batch)
    for feature in constraints["features"]:
        if feature["name"] in batch.columns:
            found += feature_checks(feature, baseline[feature["name"]], batch[feature["name"]], config)
    return {"violations": found}


def write(folder, name, document):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
        json.dump(document, out, indent=2)


def run(args):
    ignore = {c.strip() for c in args.ignore.split(",") if c.strip()}
    baseline = read_folder(args.baseline, "baseline", ignore)
    batch = read_folder(args.batch, "batch", ignore)
    if not set(baseline.columns) & set(batch.columns):
        raise Unusable(f"the batch shares no column with the baseline (batch: {', '.join(batch.columns)})")
    types = {name: infer_type(baseline[name]) for name in baseline.columns}
    constraints = suggest_constraints(baseline, types)
    violations = check(baseline, batch, constraints)
    write(os.path.join(args.output, "baseline"), "statistics.json", statistics(baseline, types))
    write(os.path.join(args.output, "baseline"), "constraints.json", constraints)
    write(args.output, "statistics.json", statistics(batch, types))
    write(args.output, "constraint_violations.json", violations)
    return baseline, batch, violations["violations"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="/opt/ml/processing/baseline")
    parser.add_argument("--batch", default="/opt/ml/processing/batch")
    parser.add_argument("--output", default="/opt/ml/processing/report")
    parser.add_argument("--ignore", default="customer_id,churned", help="columns neither described nor checked")
    args = parser.parse_args(argv)
    try:
        baseline, batch, violations = run(args)
    except Unusable as error:
        print(f"check_drift: {error}", file=sys.stderr)
        return 2
    print(f"{len(violations)} violations: {len(batch)} batch rows against {len(baseline)} baseline rows; "
          f"report in {args.output}")
    for v in violations:
        print(f"  {v['feature_name']}: {v['constraint_check_type']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
