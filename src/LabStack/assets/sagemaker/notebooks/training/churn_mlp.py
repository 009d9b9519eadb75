"""Notebook 07's churn network in PyTorch script mode (notebook 09 starts the job): SageMaker's PyTorch container runs `python churn_mlp.py
--hidden 16 ...` with the estimator's hyperparameters as arguments and the channels and model folder in SM_*
variables; the same file runs on the notebook and in the tests with the defaults below.

Written to the API that PyTorch 1.13 (Debian's, the tests) and the container's 2.x share: nn.Linear and the
activations, BCEWithLogitsLoss, torch.optim, torch.save of a state_dict and torch.load(weights_only=True) (the
argument exists since 1.13; 2.6 made it the default). No torch.compile (2.0+), no torch.func, no device-specific API.
"""
import argparse
import json
import os

import numpy as np
import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}


def arguments(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--hidden", type=int, default=16)
    parser.add_argument("--layers", type=int, default=2, help="hidden layers")
    parser.add_argument("--activation", choices=sorted(ACTIVATIONS), default="relu")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--learning-rate", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--train", default=os.environ.get("SM_CHANNEL_TRAIN", "train"))
    parser.add_argument("--validation", default=os.environ.get("SM_CHANNEL_VALIDATION", "validation"))
    parser.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR", "model"))
    return parser.parse_args(argv)


def load(folder):
    """Notebook 01's split files: no header, the label first, then the standardized and one-hot features."""
    files = sorted(f for f in os.listdir(folder) if f.endswith(".csv"))
    rows = np.concatenate([np.loadtxt(os.path.join(folder, f), delimiter=",", dtype=np.float32, ndmin=2) for f in files])
    return torch.from_numpy(rows[:, 1:]), torch.from_numpy(rows[:, :1])


def network(inputs, hidden, layers, activation):
    parts, width = [], inputs
    for _ in range(layers):
        parts += [nn.Linear(width, hidden), ACTIVATIONS[activation]()]
        width = hidden
    return nn.Sequential(*parts, nn.Linear(width, 1))  # one logit: the sigmoid is inside the loss


def auc(scores, labels):
    """ROC AUC as the probability that a random churner scores above a random stayer (ties count half)."""
    scores, labels = scores.flatten(), labels.flatten()
    positive, negative = scores[labels == 1], scores[labels == 0]
    if len(positive) == 0 or len(negative) == 0:
        return float("nan")
    greater = (positive[:, None] > negative[None, :]).float().mean()
    ties = (positive[:, None] == negative[None, :]).float().mean()
    return float(greater + ties / 2)


def train(args):
    torch.manual_seed(args.seed)
    train_x, train_y = load(args.train)
    validation_x, validation_y = load(args.validation)
    model = network(train_x.shape[1], args.hidden, args.layers, args.activation)
    # Churners are rare: weigh each as much as the stayers per churner, as notebook 02's scale_pos_weight does.
    pos_weight = (train_y == 0).sum() / (train_y == 1).sum().clamp(min=1)
    loss_function = nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate)
    history = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(len(train_x))
        for start in range(0, len(order), args.batch_size):
            batch = order[start:start + args.batch_size]
            optimizer.zero_grad()
            loss = loss_function(model(train_x[batch]), train_y[batch])
            loss.backward()
            optimizer.step()
        model.eval()
        with torch.no_grad():
            scores = model(validation_x)
            validation_loss = float(loss_function(scores, validation_y))
            validation_auc = auc(scores, validation_y)
        history.append({"epoch": epoch, "validation_loss": validation_loss, "validation_auc": validation_auc})
        # The estimator's metric_definitions read these lines from the job's log.
        print(f"epoch {epoch} validation_loss={validation_loss:.4f} validation_auc={validation_auc:.4f}", flush=True)
    return model, history


def save(model, args, history, inputs):
    os.makedirs(args.model_dir, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(args.model_dir, "model.pth"))
    with open(os.path.join(args.model_dir, "model_info.json"), "w") as f:
        json.dump({"inputs": inputs, "hidden": args.hidden, "layers": args.layers, "activation": args.activation,
                   "torch": torch.__version__, "history": history}, f)


def restore(model_dir):
    """The trained network from a model folder (the notebook calls it on the job's model.tar.gz, extracted)."""
    with open(os.path.join(model_dir, "model_info.json")) as f:
        info = json.load(f)
    model = network(info["inputs"], info["hidden"], info["layers"], info["activation"])
    model.load_state_dict(torch.load(os.path.join(model_dir, "model.pth"), weights_only=True))
    model.eval()
    return model, info


if __name__ == "__main__":
    parsed = arguments()
    trained, epochs = train(parsed)
    save(trained, parsed, epochs, trained[0].in_features)
