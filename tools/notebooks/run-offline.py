#!/usr/bin/env python3
"""Runs the lab's notebooks for real, offline, in one working folder, against a lake that is a local folder.

    python3 run-offline.py --lake DIR --work DIR [--compile NOTEBOOK ...] [--report NAME ...] NOTEBOOK ...

Every code cell of each NOTEBOOK (in order, one namespace per notebook, files shared through the working folder, as on
the notebook instance) runs as written, except the AWS calls:
- `boto3.client("s3")` is a stand-in whose download_file/upload_file/put_object/get_object read and write files
  under --lake (key = path); any other client raises, so a cell that needs AWS cannot pass unnoticed;
- a cell whose metadata says {"lab": {"offline": NAME}} is replaced by the stand-in NAME below (the SageMaker SDK
  session, and a training job, which trains the same XGBoost with the notebook's own hyperparameters locally;
  notebook 8's download of pretrained weights and its Rekognition calls);
- with --feature-group FILE (the feature group's name, record identifier, event time, feature definitions and table,
  as the template defines them), the SageMaker, Feature Store runtime and Athena clients are offline_feature_store's
  stand-ins for notebook 10, and time.sleep waits no time (the seconds asked for are reported).
Each notebook runs with its own folder on the import path (its modules: lab_nets) and reads its files (data/,
pipeline-images/) from there, as on the instance, where the working folder is the notebooks' folder.
Every code cell of each --compile notebook (or .py file) is compiled by this Python (a syntax check, nothing runs).
Prints {"ran": {notebook: {"cells": n, "stood_in": [...], "stdout": "..."}}, "compiled": n, "values": {...}}, where
values holds each --report NAME found in a run notebook's namespace, as JSON, and, with --feature-group,
"feature_store": the calls made with their answers, the records put and throttled, the offline store's rows and the
seconds slept. Exits 1 when a cell raises.
"""
import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import tarfile
import time
import traceback
import types

from notebook_cells import code_cells
from offline_feature_store import OfflineFeatureStore

LAB_CONFIG = {
    "lake_bucket": "offline-lake", "database": "offline_db", "region": "us-east-1", "endpoint_name": "offline-sentiment",
    "predictions_table": "churn_predictions", "predictions_prefix": "curated/churn-predictions/", "name_prefix": "offline--nb",
    "workgroup": "offline-workgroup",
}


class LocalS3:
    """The S3 calls the notebooks make, on files under a folder."""

    def __init__(self, root):
        self.root = root

    def _path(self, key):
        path = os.path.join(self.root, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return path

    def download_file(self, Bucket, Key, Filename):
        shutil.copyfile(os.path.join(self.root, Key), Filename)

    def upload_file(self, Filename, Bucket, Key):
        shutil.copyfile(Filename, self._path(Key))

    def put_object(self, Bucket, Key, Body):
        with open(self._path(Key), "wb") as f:
            f.write(Body.encode() if isinstance(Body, str) else Body)

    def get_object(self, Bucket, Key):
        with open(os.path.join(self.root, Key), "rb") as f:
            return {"Body": io.BytesIO(f.read())}


def offline_boto3(lake, feature_store=None):
    module = types.ModuleType("boto3")

    def client(service, region_name=None):
        if service == "s3":
            return LocalS3(lake)
        if feature_store is not None and service in ("sagemaker", "sagemaker-featurestore-runtime", "athena"):
            return feature_store.client(service)
        raise RuntimeError(f"offline run: the notebook called {service}, which has no local stand-in")

    module.client = client
    return module


def sagemaker_session(namespace, lake):
    """Notebook 2's setup cell, without the SageMaker SDK: its imports, the settings and the S3 client."""
    namespace.update(json=json, boto3=sys.modules["boto3"])
    with open("lab_config.json") as f:
        namespace["lab"] = json.load(f)
    namespace["s3"] = namespace["boto3"].client("s3", region_name=namespace["lab"]["region"])
    namespace["prefix"] = f"s3://{namespace['lab']['lake_bucket']}/curated/churn-xgboost"


def train_xgboost(namespace, lake):
    """The training job: the XGBoost release SageMaker's 1.7-1 container runs, the notebook's hyperparameters, the
    train and validation files from the lake; the model saved as the container saves it, in model.tar.gz."""
    import pandas as pd
    import xgboost as xgb

    hyperparameters = dict(namespace["hyperparameters"])
    rounds, patience = hyperparameters.pop("num_round"), hyperparameters.pop("early_stopping_rounds")

    def matrix(name):
        rows = pd.read_csv(os.path.join(lake, f"curated/churn-xgboost/{name}/{name}.csv"), header=None)
        return xgb.DMatrix(rows.drop(columns=[0]).values, label=rows[0].values)

    booster = xgb.train(hyperparameters, matrix("train"), num_boost_round=rounds,
                        evals=[(matrix("validation"), "validation")], early_stopping_rounds=patience, verbose_eval=False)
    booster.save_model("offline-xgboost-model")
    key = "curated/churn-xgboost/model/offline-training-job/output/model.tar.gz"
    os.makedirs(os.path.dirname(os.path.join(lake, key)), exist_ok=True)
    with tarfile.open(os.path.join(lake, key), "w:gz") as archive:
        archive.add("offline-xgboost-model", arcname="xgboost-model")
    os.remove("offline-xgboost-model")
    namespace["model_key"] = key


def resnet_untrained(namespace, lake):
    """Notebook 8's download of ResNet-18's pretrained weights: the same network, untrained (no network in the tests)."""
    import torchvision
    namespace["pretrained"] = torchvision.models.resnet18(weights=None)


def rekognition_labels(namespace, lake):
    """Notebook 8's DetectLabels calls: nothing later reads their answers (the calls are checked against the API model)."""


STAND_INS = {"sagemaker-session": sagemaker_session, "train-xgboost": train_xgboost, "resnet-untrained": resnet_untrained,
             "rekognition-labels": rekognition_labels}


def as_json(value):
    if hasattr(value, "to_dict"):
        value = value.to_dict()
    elif hasattr(value, "tolist"):
        value = value.tolist()
    return json.loads(json.dumps(value, default=lambda v: v.item() if hasattr(v, "item") else str(v)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lake", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--compile", nargs="*", default=[])
    parser.add_argument("--report", nargs="*", default=[])
    parser.add_argument("--feature-group")
    parser.add_argument("notebooks", nargs="+")
    args = parser.parse_args()
    lake, notebooks = os.path.abspath(args.lake), [os.path.abspath(n) for n in args.notebooks]
    compiled = 0
    for path in args.compile:
        for index, source, _ in code_cells(path):
            compile(source, f"{os.path.basename(path)}, cell {index}", "exec")
            compiled += 1

    os.chdir(args.work)
    sys.path.insert(0, os.getcwd())
    sys.dont_write_bytecode = True  # no __pycache__ beside the lab's files
    for folder in sorted({os.path.dirname(n) for n in notebooks}):
        for entry in os.listdir(folder):  # the notebooks' modules and files, beside them as on the instance
            if not entry.endswith(".ipynb") and entry != "__pycache__" and not os.path.exists(entry):
                os.symlink(os.path.join(folder, entry), entry)
    with open("lab_config.json", "w") as f:
        json.dump(LAB_CONFIG, f)
    feature_store, slept = None, []
    if args.feature_group:
        with open(args.feature_group) as f:
            feature_store = OfflineFeatureStore(json.load(f), LAB_CONFIG["database"], LAB_CONFIG["workgroup"], LAB_CONFIG["lake_bucket"])
        time.sleep = slept.append  # the waits for the offline store and the queries, reported instead of waited
    sys.modules["boto3"] = offline_boto3(lake, feature_store)
    report = {"ran": {}, "compiled": compiled, "values": {}}
    for path in notebooks:
        name, namespace, stood_in, output = os.path.basename(path), {"__name__": "__main__"}, [], io.StringIO()
        cells = 0
        for index, source, stand_in in code_cells(path):
            try:
                with contextlib.redirect_stdout(output):
                    if stand_in:
                        STAND_INS[stand_in](namespace, lake)
                        stood_in.append(f"cell {index}: {stand_in}")
                    else:
                        exec(compile(source, f"{name}, cell {index}", "exec"), namespace)
                cells += 1
            except Exception:
                report["ran"][name] = {"cells": cells, "stood_in": stood_in, "stdout": output.getvalue(),
                                       "error": f"cell {index}: {traceback.format_exc(limit=-3)}"}
                if feature_store is not None:
                    report["feature_store"] = {**feature_store.report(), "slept": slept}
                print(json.dumps(report, indent=1))
                return 1
        report["ran"][name] = {"cells": cells, "stood_in": stood_in, "stdout": output.getvalue()}
        report["values"].update({key: as_json(namespace[key]) for key in args.report if key in namespace})
    if feature_store is not None:
        report["feature_store"] = {**feature_store.report(), "slept": slept}
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
