"""Deletes what the lab's notebooks created in SageMaker and left: every endpoint, endpoint config and model whose name
starts with the lab's prefix (lab_config.json's name_prefix and a hyphen), and the endpoints' log groups.

The notebooks, not the stacks, created these; `cdk destroy` deletes them too (the SageMaker stack's leftovers
cleanup), but a real-time endpoint bills every hour until then. Notebooks 4 and 6 end with `clean_up()`; it is safe
to run alone, at any time, as often as you like.
"""
import json

import boto3


def clean_up(config_file="lab_config.json"):
    with open(config_file) as f:
        lab = json.load(f)
    prefix = lab["name_prefix"] + "-"
    sagemaker = boto3.client("sagemaker", region_name=lab["region"])
    logs = boto3.client("logs", region_name=lab["region"])

    def names(pages, key, field):
        return [item[field] for page in pages for item in page[key] if item[field].startswith(prefix)]

    deleted = []
    endpoints = sagemaker.get_paginator("list_endpoints").paginate(NameContains=lab["name_prefix"])
    for name in names(endpoints, "Endpoints", "EndpointName"):
        sagemaker.delete_endpoint(EndpointName=name)
        deleted.append(f"endpoint {name}")
    configs = sagemaker.get_paginator("list_endpoint_configs").paginate(NameContains=lab["name_prefix"])
    for name in names(configs, "EndpointConfigs", "EndpointConfigName"):
        sagemaker.delete_endpoint_config(EndpointConfigName=name)
        deleted.append(f"endpoint config {name}")
    models = sagemaker.get_paginator("list_models").paginate(NameContains=lab["name_prefix"])
    for name in names(models, "Models", "ModelName"):
        sagemaker.delete_model(ModelName=name)
        deleted.append(f"model {name}")
    groups = logs.get_paginator("describe_log_groups").paginate(logGroupNamePrefix=f"/aws/sagemaker/Endpoints/{prefix}")
    for group in [g["logGroupName"] for page in groups for g in page["logGroups"]]:
        logs.delete_log_group(logGroupName=group)
        deleted.append(f"log group {group}")
    print("\n".join(deleted) or f"nothing named {prefix}... to delete")
    return deleted


if __name__ == "__main__":
    clean_up()
