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
