#!/bin/bash
# On-start lifecycle script of the lab notebook: runs as root at every start, must finish within 5 minutes
# and, base64-encoded, fit in 16 KB. Placeholders (capitals between double underscores) are filled in by the CDK app.
set -euo pipefail
LAB_DIR=/home/ec2-user/SageMaker/lab-notebooks

# 1. The lab's notebooks (files a learner already has are kept, so edits survive restarts) and its settings.
mkdir -p "$LAB_DIR"
aws s3 cp "__NOTEBOOKS_ZIP__" /tmp/lab-notebooks.zip --quiet
unzip -n -q /tmp/lab-notebooks.zip -d "$LAB_DIR"
cat > "$LAB_DIR/lab_config.json" <<'JSON'
__LAB_CONFIG__
JSON
chown -R ec2-user:ec2-user "$LAB_DIR"

# 2. Idle auto-stop: cron checks every 5 minutes; after __IDLE_SECONDS__ idle seconds it deletes the endpoints the
#    notebooks left (named __NAME_PREFIX__-...) and stops the instance.
cat > /usr/local/bin/lab-autostop.py <<'PY'
__AUTOSTOP_PY__
PY
chmod 755 /usr/local/bin/lab-autostop.py
echo "*/5 * * * * root /usr/bin/python3 /usr/local/bin/lab-autostop.py __IDLE_SECONDS__ __NAME_PREFIX__ >> /var/log/lab-autostop.log 2>&1" > /etc/cron.d/lab-autostop

# 3. The notebooks use the SageMaker Python SDK v2 (v3, released in November 2025, removed Estimator, Model, the built-in
#    algorithms' classes and HyperparameterTuner). Pin it in the conda_python3 kernel's environment, in the background so
#    that the start does not wait; the notebooks check the version and say to restart the kernel if it is not there yet.
nohup sudo -u ec2-user -i bash -c 'source /home/ec2-user/anaconda3/bin/activate python3 && pip install --quiet "sagemaker>=2.200,<3"' \
  > /var/log/lab-sagemaker-sdk.log 2>&1 &
