"""Pipeline step Prepare: split, impute, scale, encode the customers for the built-in XGBoost.

Runs in the sagemaker-xgboost container as a processing job (pandas and scikit-learn come with it), and offline in the
lab's tests on the shipped data. Reads every CSV under the input folder (the shipped sample and whatever the learner
added under raw/customers/), splits 70/15/15 stratified by the label, then fits the imputers, the scaler and the
one-hot encoder on the training split only, so nothing of the validation or test rows leaks into training. Writes:
- train/, validation/, test/: label-first CSVs without a header (the built-in algorithm's format);
- splits/: train.csv and test.csv, the raw rows of those splits (header, every column, the label included: the drift
  check's baseline and the bias metrics read them), and test_features.csv, the transformed test split with the feature
  names as header and no label, row for row with test.csv (what the Explain step's SHAP values are computed on);
- batch/batch.csv: the customers to score (every CSV under --batch, usually without the label) transformed with the
  same transformer, no header, no label, one row per batch row in order: the batch transform's input.
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


def read_csvs(folder, columns):
    """Every CSV under folder, checked for the columns the transformer needs."""
    files = sorted(glob.glob(os.path.join(folder, "**", "*.csv"), recursive=True))
    if not files:
        raise SystemExit(f"no CSV files under {folder}")
    data = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise SystemExit(f"columns missing from {folder}: {', '.join(missing)}")
    return data


def read_customers(folder):
    data = read_csvs(folder, [LABEL, *NUMERIC, *CATEGORICAL])
    return data.dropna(subset=[LABEL]).drop_duplicates(subset=["customer_id"], keep="last")


def read_batch(folder):
    """The customers to score: the features are required, the label is not (and is never passed on)."""
    return read_csvs(folder, [*NUMERIC, *CATEGORICAL])


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
    parser.add_argument("--batch", default="/opt/ml/processing/batch")
    parser.add_argument("--output", default="/opt/ml/processing")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    train, validation, test = split(read_customers(args.input), args.seed)
    prepare = transformer().fit(train)  # fitted on the training split only
    names = feature_names(prepare)
    for frame, folder in ((train, "train"), (validation, "validation"), (test, "test")):
        write(frame, prepare.transform(frame), os.path.join(args.output, folder), f"{folder}.csv")
    splits = os.path.join(args.output, "splits")
    os.makedirs(splits, exist_ok=True)
    train.to_csv(os.path.join(splits, "train.csv"), index=False)
    test.to_csv(os.path.join(splits, "test.csv"), index=False)
    pd.DataFrame(prepare.transform(test), columns=names).to_csv(os.path.join(splits, "test_features.csv"), index=False)
    batch = read_batch(args.batch)
    os.makedirs(os.path.join(args.output, "batch"), exist_ok=True)
    pd.DataFrame(prepare.transform(batch)).to_csv(os.path.join(args.output, "batch", "batch.csv"), header=False, index=False)
    print(f"train {len(train)}, validation {len(validation)}, test {len(test)}, batch {len(batch)} rows; {len(names)} features")


if __name__ == "__main__":
    main()
