#!/usr/bin/env python3
"""Stop this SageMaker notebook instance once it has been idle for longer than the limit (seconds, argv[1]), after
deleting the endpoints the lab's notebooks created and left running (names starting with argv[2] and a hyphen).

A systemd timer runs it every 5 minutes (installed by the lab's on-start lifecycle script), on the system Python
(3.9 on Amazon Linux 2023), with the AWS CLI's path in LAB_AWS_CLI. Idle means: no kernel is busy, and no kernel or
terminal has done anything (a cell run, terminal input) since the limit; with neither, the limit counts from the
server's start. Not /api/status's last_activity: Jupyter counts every API request there, this script's own and an open
JupyterLab tab's polling among them, so it would never grow old. A kernel's and a terminal's own last_activity move only
with what runs in them, in jupyter_server 1.x and 2.x alike (AWS's auto-stop sample reads the same fields).
Needs sagemaker:DescribeNotebookInstance and sagemaker:StopNotebookInstance on this notebook, ListEndpoints and
DeleteEndpoint on the notebooks' endpoints, and the notebook's internet access (to reach the SageMaker API).
Standard library and the AWS CLI only.
"""
import json
import os
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import datetime, timezone

JUPYTER = os.environ.get("LAB_JUPYTER_URL", "https://localhost:8443")
METADATA = os.environ.get("LAB_NOTEBOOK_METADATA", "/opt/ml/metadata/resource-metadata.json")


def jupyter(path):
    # Jupyter serves localhost with a self-signed certificate.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(JUPYTER + path, context=context, timeout=10) as response:
        return json.load(response)


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def terminals():
    # A server without terminals (no terminado) answers 404.
    try:
        return jupyter("/api/terminals")
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return []
        raise


def idle_seconds(now):
    kernels = jupyter("/api/kernels")
    if any(kernel.get("execution_state") == "busy" for kernel in kernels):
        return 0.0
    times = [parse_time(item["last_activity"]) for item in kernels + terminals() if item.get("last_activity")]
    last = max(times) if times else parse_time(jupyter("/api/status")["started"])
    return (now - last).total_seconds()


def aws(*args):
    return subprocess.run([os.environ.get("LAB_AWS_CLI", "aws"), *args], check=True, capture_output=True, text=True).stdout.strip()


def delete_endpoints(region, prefix):
    # A real-time endpoint bills every hour until deleted: one a learner forgot is deleted once nobody is at the notebook.
    # A failure here is logged and must not keep the instance from stopping.
    try:
        names = aws("sagemaker", "list-endpoints", "--region", region, "--name-contains", prefix,
                    "--query", "Endpoints[?EndpointStatus!='Deleting'].EndpointName", "--output", "text").split()
    except subprocess.CalledProcessError as error:
        print(f"cannot list endpoints: {error.stderr}")
        return
    for endpoint in [n for n in names if n.startswith(prefix + "-")]:
        try:
            aws("sagemaker", "delete-endpoint", "--region", region, "--endpoint-name", endpoint)
            print(f"deleted endpoint {endpoint}")
        except subprocess.CalledProcessError as error:
            print(f"cannot delete endpoint {endpoint}: {error.stderr}")


def main():
    limit, prefix = int(sys.argv[1]), sys.argv[2]
    idle = idle_seconds(datetime.now(timezone.utc))
    print(f"{datetime.now(timezone.utc).isoformat()} idle for {idle:.0f} s, limit {limit} s")
    if idle < limit:
        return
    with open(METADATA) as metadata:
        resource = json.load(metadata)
    name, region = resource["ResourceName"], resource["ResourceArn"].split(":")[3]
    status = aws("sagemaker", "describe-notebook-instance", "--region", region,
                 "--notebook-instance-name", name, "--query", "NotebookInstanceStatus", "--output", "text")
    delete_endpoints(region, prefix)
    if status == "InService":
        print(f"stopping {name}")
        aws("sagemaker", "stop-notebook-instance", "--region", region, "--notebook-instance-name", name)


if __name__ == "__main__":
    main()
