#!/bin/bash
# On-start lifecycle script of the lab notebook: runs as root at every start, must finish within 5 minutes
# and, base64-encoded, fit in 16 KB. Placeholders (capitals between double underscores) are filled in by the CDK app.
set -euo pipefail
LAB_DIR=/home/ec2-user/SageMaker/lab-notebooks

# 1. The lab's notebooks and its settings. A file the learner has not changed since the lab shipped it is replaced by
#    the new version (a redeploy brings fixes); one they changed is kept, with the new version beside it as
#    <name>.new.<ext>. .shipped/ holds what the lab last shipped, to tell the two apart.
STAGE=/tmp/lab-notebooks
mkdir -p "$LAB_DIR/.shipped"
rm -rf "$STAGE" && mkdir -p "$STAGE"
aws s3 cp "__NOTEBOOKS_ZIP__" "$STAGE.zip" --quiet
unzip -q "$STAGE.zip" -d "$STAGE"
for new in "$STAGE"/*; do
  [ -f "$new" ] || continue
  name=$(basename "$new"); mine="$LAB_DIR/$name"; shipped="$LAB_DIR/.shipped/$name"
  if [ ! -e "$mine" ] || { [ -e "$shipped" ] && cmp -s "$mine" "$shipped"; }; then
    cp "$new" "$mine"
  elif ! cmp -s "$mine" "$new"; then
    cp "$new" "$LAB_DIR/${name%.*}.new.${name##*.}"
  fi
  cp "$new" "$shipped"
done
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
