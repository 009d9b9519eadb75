#!/bin/bash
# On-start lifecycle script of the lab notebook (platform notebook-al2023-v1, Amazon Linux 2023): runs as root at every
# start, must finish within 5 minutes and, base64-encoded, fit in 16 KB. Placeholders (capitals between double
# underscores) are filled in by the CDK app.
set -euo pipefail
# A lifecycle script starts with PATH=/sbin:/bin:/usr/sbin:/usr/bin
# (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_NotebookInstanceLifecycleHook.html); the AWS CLI may
# also live in /usr/local/bin. Found once here, and handed to the idle check.
export PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin
AWS_CLI=$(command -v aws)
LAB_DIR=/home/ec2-user/SageMaker/lab-notebooks

# 1. The lab's notebooks and its settings, with their folders (training/ scripts, data/, pipeline-images/). A file the
#    learner has not changed since the lab shipped it is replaced by the new version (a redeploy brings fixes); one they
#    changed is kept, with the new version beside it as <name>.new.<ext>. .shipped/ holds what the lab last shipped, to
#    tell the two apart.
STAGE=/tmp/lab-notebooks
mkdir -p "$LAB_DIR/.shipped"
rm -rf "$STAGE" && mkdir -p "$STAGE"
"$AWS_CLI" s3 cp "__NOTEBOOKS_ZIP__" "$STAGE.zip" --quiet
unzip -q "$STAGE.zip" -d "$STAGE"
(cd "$STAGE" && find . -type f | sed 's|^\./||' | sort) | while IFS= read -r name; do
  new="$STAGE/$name"; mine="$LAB_DIR/$name"; shipped="$LAB_DIR/.shipped/$name"
  mkdir -p "$(dirname "$mine")" "$(dirname "$shipped")"
  if [ ! -e "$mine" ] || { [ -e "$shipped" ] && cmp -s "$mine" "$shipped"; }; then
    cp "$new" "$mine"
  elif ! cmp -s "$mine" "$new"; then
    cp "$new" "${mine%.*}.new.${name##*.}"
  fi
  cp "$new" "$shipped"
done
cat > "$LAB_DIR/lab_config.json" <<'JSON'
__LAB_CONFIG__
JSON
chown -R ec2-user:ec2-user "$LAB_DIR"

# 2. Idle auto-stop: a systemd timer checks every 5 minutes; after __IDLE_SECONDS__ idle seconds it deletes the endpoints
#    the notebooks left (named __NAME_PREFIX__-...) and stops the instance. Not cron: cron is a deprecated package on
#    AL2023 and not installed by default (https://docs.aws.amazon.com/linux/al2023/ug/deprecated-al2023.html). The check
#    runs on the system Python, 3.9 for the life of AL2023 (https://docs.aws.amazon.com/linux/al2023/ug/python.html).
cat > /usr/local/bin/lab-autostop.py <<'PY'
__AUTOSTOP_PY__
PY
chmod 755 /usr/local/bin/lab-autostop.py
cat > /etc/systemd/system/lab-autostop.service <<UNIT
[Unit]
Description=Stop this notebook instance when it is idle (ML study lab)

[Service]
Type=oneshot
Environment=LAB_AWS_CLI=$AWS_CLI
ExecStart=/usr/bin/python3 /usr/local/bin/lab-autostop.py __IDLE_SECONDS__ __NAME_PREFIX__
StandardOutput=append:/var/log/lab-autostop.log
StandardError=append:/var/log/lab-autostop.log
UNIT
cat > /etc/systemd/system/lab-autostop.timer <<'UNIT'
[Unit]
Description=Every 5 minutes, check whether this notebook instance is idle (ML study lab)

[Timer]
OnCalendar=*:0/5
AccuracySec=30s

[Install]
WantedBy=timers.target
UNIT
systemctl daemon-reload
systemctl enable --now lab-autostop.timer

# 3. What the notebooks import beyond the kernel's own packages (assets/sagemaker/requirements.txt; the SageMaker Python
#    SDK v2 first: v3, released in November 2025, removed Estimator, Model, the built-in algorithms' classes and
#    HyperparameterTuner), installed into the conda_python3 kernel's environment in the background so that the start
#    does not wait; the notebooks check the SDK's version and say to restart the kernel if it is not there yet.
#    "source activate python3" selects the kernel's conda environment, as SageMaker's lifecycle best practices write it
#    (https://docs.aws.amazon.com/sagemaker/latest/dg/nbi-lifecycle-config-install.html).
cat > /home/ec2-user/lab-requirements.txt <<'REQUIREMENTS'
__REQUIREMENTS__
REQUIREMENTS
nohup sudo -u ec2-user -i bash -c 'source activate python3 && pip install --quiet -r /home/ec2-user/lab-requirements.txt' \
  > /var/log/lab-sagemaker-sdk.log 2>&1 &
