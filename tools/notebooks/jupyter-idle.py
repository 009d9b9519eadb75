"""The notebook's idle check (autostop.py) against a real Jupyter server, started here as on the notebook instance:
HTTPS on localhost with a self-signed certificate and no token (the instance's proxy authenticates, and AWS's own
auto-stop sample calls localhost without one). Only the AWS CLI is a stand-in, which records its calls.

    python3 tools/notebooks/jupyter-idle.py <autostop.py> <work folder>

Prints one JSON object: the server's version and, per scenario, whether the check stopped the instance. It relies on
what jupyter_server 1.x and 2.x both do: a kernel's own last_activity moves with the kernel's messages only, and
/api/status's last_activity moves with every tracked API request.
"""
import asyncio
import json
import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
import uuid

import jupyter_server
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

AUTOSTOP, WORK = sys.argv[1], sys.argv[2]
LIMIT = 3  # seconds of idleness the scenarios use as the limit
CONTEXT = ssl.create_default_context()
CONTEXT.check_hostname = False
CONTEXT.verify_mode = ssl.CERT_NONE


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = free_port()
BASE = f"https://127.0.0.1:{PORT}"


def api(path, method="GET", body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, context=CONTEXT, timeout=10) as response:
        text = response.read()
        return json.loads(text) if text else None


def start_server():
    cert, key = os.path.join(WORK, "cert.pem"), os.path.join(WORK, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=os.path.join(WORK, "config"), JUPYTER_RUNTIME_DIR=os.path.join(WORK, "runtime"),
               JUPYTER_DATA_DIR=os.path.join(WORK, "data"), JUPYTER_PLATFORM_DIRS="1")
    log = open(os.path.join(WORK, "server.log"), "w")
    server = subprocess.Popen([sys.executable, "-m", "jupyter_server", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={PORT}",
                               "--ServerApp.port_retries=0", "--ServerApp.token=", "--ServerApp.password=",
                               f"--ServerApp.certfile={cert}", f"--ServerApp.keyfile={key}", "--ServerApp.open_browser=False",
                               "--ServerApp.allow_root=True", f"--ServerApp.root_dir={WORK}",
                               # Only for this harness's POSTs (it has no browser cookie); the idle check only reads.
                               "--ServerApp.disable_check_xsrf=True"],
                              stdout=log, stderr=subprocess.STDOUT, env=env)
    for _ in range(100):
        try:
            api("/api/status")
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the Jupyter server did not start: " + open(os.path.join(WORK, "server.log")).read()[-2000:])


def fake_aws():
    calls = os.path.join(WORK, "aws-calls.txt")
    script = os.path.join(WORK, "aws")
    with open(script, "w") as f:
        f.write(f"""#!/bin/bash
echo "$*" >> '{calls}'
case "$2" in
  describe-notebook-instance) echo InService ;;
  list-endpoints) echo "" ;;
esac
""")
    os.chmod(script, 0o755)
    metadata = os.path.join(WORK, "resource-metadata.json")
    with open(metadata, "w") as f:
        json.dump({"ResourceName": "lab-notebook", "ResourceArn": "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/lab-notebook"}, f)
    return script, metadata, calls


AWS, METADATA, CALLS = fake_aws()


def check_stops():
    """Runs the idle check once, as the timer does; whether it asked SageMaker to stop the instance."""
    if os.path.exists(CALLS):
        os.remove(CALLS)
    env = dict(os.environ, LAB_JUPYTER_URL=BASE, LAB_AWS_CLI=AWS, LAB_NOTEBOOK_METADATA=METADATA)
    run = subprocess.run([sys.executable, AUTOSTOP, str(LIMIT), "mllab-nb"], env=env, capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        raise SystemExit(f"autostop.py failed: {run.stderr}")
    return os.path.exists(CALLS) and any(line.startswith("sagemaker stop-notebook-instance") for line in open(CALLS))


def poll_for(seconds):
    """What an open JupyterLab tab does: list kernels and sessions every half second."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        api("/api/kernels")
        api("/api/sessions")
        time.sleep(0.5)


async def execute(kernel, code, until):
    """Sends code to the kernel over its websocket; returns once the kernel reports the state `until` for it."""
    session = uuid.uuid4().hex
    request = HTTPRequest(f"wss://127.0.0.1:{PORT}/api/kernels/{kernel}/channels?session_id={session}", validate_cert=False)
    socket_ = await websocket_connect(request)
    msg_id = uuid.uuid4().hex
    socket_.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": "learner", "session": session, "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False},
    }))
    while True:
        message = json.loads(await asyncio.wait_for(socket_.read_message(), 30))
        if (message.get("parent_header", {}).get("msg_id") == msg_id and message.get("msg_type") == "status"
                and message["content"]["execution_state"] == until):
            return socket_


def main():
    server = start_server()
    result = {"jupyter_server": jupyter_server.__version__}
    try:
        # An idle server, no kernel: the limit counts from the server's start, and polling does not reset it, while it
        # does move /api/status's last_activity (the signal the old check read).
        before = api("/api/status")["last_activity"]
        poll_for(LIMIT + 1)
        result["status_moves_with_polls"] = api("/api/status")["last_activity"] != before
        result["idle_server_stops"] = check_stops()

        kernel = api("/api/kernels", "POST", {"name": "python3"})["id"]
        loop = asyncio.new_event_loop()
        loop.run_until_complete(execute(kernel, "1 + 1", "idle")).close()
        result["just_ran_a_cell_stops"] = check_stops()  # a cell ran a moment ago
        poll_for(LIMIT + 1)
        result["cell_ran_before_the_limit_stops"] = check_stops()  # polling since does not count

        busy = loop.run_until_complete(execute(kernel, "import time; time.sleep(30)", "busy"))
        poll_for(LIMIT + 1)
        result["busy_kernel_stops"] = check_stops()  # busy for longer than the limit: never idle
        api(f"/api/kernels/{kernel}/interrupt", "POST")
        busy.close()
        api(f"/api/kernels/{kernel}", "DELETE")
        loop.run_until_complete(asyncio.sleep(0.1))  # lets the closed sockets finish
        loop.close()
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
