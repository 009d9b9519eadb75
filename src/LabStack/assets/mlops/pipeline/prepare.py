"""Pipeline step Prepare: split, impute, scale, encode the customers for the built-in XGBoost.

Runs in the sagemaker-xgboost container as a processing job (pandas and scikit-learn come with it), and offline in the
lab's tests on the shipped data. Reads every CSV under the input folder (the shipped sample and whatever the learner
added under raw/customers/), splits 70/15/15 stratified by the label, then fits the imputers, the scaler and the
one-hot encoder on the training split only, so nothing of the validation or test rows leaks into training. Writes
label-first CSVs without a header (the built-in algorithm's format) to train/, validation/ and test/, and the test
split with named columns to baseline/ (what Model Monitor's baseline reads).
"""
import argparse
import glob
import os

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

LABEL = "churned"
NUMERIC = ["age", "tenure_months", "monthly_charges", "total_charges", "support_calls", "data_usage_gb"]
CATEGORICAL = ["contract_type", "payment_method", "region", "has_partner"]


def read_customers(folder):
    files = sorted(glob.glob(os.path.join(folder, "**", "*.csv"), recursive=True))
    if not files:
        raise SystemExit(f"no CSV files under {folder}")
    data = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    missing = [c for c in [LABEL, *NUMERIC, *CATEGORICAL] if c not in data.columns]
    if missing:
        raise SystemExit(f"columns missing from the input: {', '.join(missing)}")
    return data.dropna(subset=[LABEL]).drop_duplicates(subset=["customer_id"], keep="last")


def split(data, seed):
    train, rest = train_test_split(data, test_size=0.3, stratify=data[LABEL], random_state=seed)
    validation, test = train_test_split(rest, test_size=0.5, stratify=rest[LABEL], random_state=seed)
    return train, validation, test


def transformer():
    numeric = Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())])
    categorical = Pipeline([("impute", SimpleImputer(strategy="most_frequent")), ("encode", OneHotEncoder(handle_unknown="ignore"))])
    return ColumnTransformer([("numeric", numeric, NUMERIC), ("categorical", categorical, CATEGORICAL)], sparse_threshold=0)


def feature_names(prepare):
    """numeric__age, ..., categorical__region_north, ...: written out, since the container's scikit-learn may predate get_feature_names_out."""
    encoder = prepare.named_transformers_["categorical"].named_steps["encode"]
    return [f"numeric__{c}" for c in NUMERIC] + [
        f"categorical__{column}_{value}" for column, values in zip(CATEGORICAL, encoder.categories_) for value in values
    ]


def write(frame, features, folder, name, header=False):
    os.makedirs(folder, exist_ok=True)
    out = pd.concat([frame[LABEL].reset_index(drop=True).astype(int), pd.DataFrame(features)], axis=1)
    out.to_csv(os.path.join(folder, name), header=header, index=False)


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", default="/opt/ml/processing/input")
    parser.add_argument("--output", default="/opt/ml/processing")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    train, validation, test = split(read_customers(args.input), args.seed)
    prepare = transformer().fit(train)  # fitted on the training split only
    names = feature_names(prepare)
    for frame, folder in ((train, "train"), (validation, "validation"), (test, "test")):
        write(frame, prepare.transform(frame), os.path.join(args.output, folder), f"{folder}.csv")
    baseline = pd.DataFrame(prepare.transform(test), columns=names)
    os.makedirs(os.path.join(args.output, "baseline"), exist_ok=True)
    baseline.to_csv(os.path.join(args.output, "baseline", "baseline.csv"), index=False)
    print(f"train {len(train)}, validation {len(validation)}, test {len(test)} rows; {len(names)} features")


if __name__ == "__main__":
    main()
