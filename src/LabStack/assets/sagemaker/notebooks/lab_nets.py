"""Notebook 08's small networks, in one module so the tests run the same code the notebook runs: a seeded image set
the lab draws itself, a small CNN, transfer learning on a pretrained torchvision model, and a GRU on the review corpus.
Written to the API PyTorch 1.13 / torchvision 0.14 (Debian's, the tests) and 2.x share.
"""
import csv
import re

import numpy as np
import torch
from torch import nn

SHAPES = ["horizontal", "vertical", "ring"]


def draw_shapes(count, size=16, seed=1):
    """`count` grey images (size x size) of three classes: horizontal bars, vertical bars, a ring, at random
    positions, widths and brightness, with noise. Returns (images as float32 N x 1 x size x size in 0..1, labels)."""
    rng = np.random.default_rng(seed)
    images = np.zeros((count, 1, size, size), dtype=np.float32)
    labels = rng.integers(0, len(SHAPES), count)
    rows, columns = np.mgrid[0:size, 0:size]
    for image, label in zip(images, labels):
        brightness = rng.uniform(0.6, 1.0)
        if label == 2:
            centre, radius = rng.uniform(size * 0.35, size * 0.65, 2), rng.uniform(size * 0.2, size * 0.35)
            distance = np.hypot(rows - centre[0], columns - centre[1])
            image[0][np.abs(distance - radius) < 1.0] = brightness
        else:
            for _ in range(rng.integers(1, 3)):
                start, width = rng.integers(1, size - 3), rng.integers(1, 3)
                band = slice(start, start + width)
                if label == 0:
                    image[0, band, :] = brightness
                else:
                    image[0, :, band] = brightness
        image += rng.normal(0, 0.1, image.shape).astype(np.float32)
    return torch.from_numpy(np.clip(images, 0, 1)), torch.from_numpy(labels.astype(np.int64))


class SmallCNN(nn.Module):
    """Two convolution layers (8 then 16 filters of 3 x 3), each with ReLU and 2 x 2 max pooling, then a dense layer."""

    def __init__(self, classes=len(SHAPES), size=16):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, kernel_size=3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.dense = nn.Linear(16 * (size // 4) ** 2, classes)

    def feature_maps(self, x):
        """The first layer's feature maps (after ReLU), for plotting."""
        return torch.relu(self.conv1(x))

    def forward(self, x):
        x = self.pool(self.feature_maps(x))
        x = self.pool(torch.relu(self.conv2(x)))
        return self.dense(torch.flatten(x, 1))


def fit(model, inputs, labels, epochs=5, learning_rate=0.01, batch_size=32, parameters=None, seed=0):
    """Trains with Adam on cross-entropy; returns the training accuracy after each epoch."""
    torch.manual_seed(seed)
    optimizer = torch.optim.Adam(parameters if parameters is not None else model.parameters(), lr=learning_rate)
    loss_function = nn.CrossEntropyLoss()
    accuracy = []
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(labels))
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            optimizer.zero_grad()
            loss_function(model(inputs[batch]), labels[batch]).backward()
            optimizer.step()
        accuracy.append(evaluate(model, inputs, labels))
    return accuracy


def evaluate(model, inputs, labels):
    model.eval()
    with torch.no_grad():
        return float((model(inputs).argmax(dim=1) == labels).float().mean())


def as_rgb(images, size=64):
    """Grey 16 x 16 images as the 3-channel, larger, ImageNet-normalised input a pretrained model expects."""
    resized = nn.functional.interpolate(images, size=(size, size), mode="bilinear", align_corners=False).repeat(1, 3, 1, 1)
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    return (resized - mean) / std


def freeze_for_transfer(model, classes=len(SHAPES)):
    """Freezes every weight of a torchvision ResNet and replaces its last layer (fc) with a new one for our classes:
    only the new layer trains. Returns the parameters that train."""
    for parameter in model.parameters():
        parameter.requires_grad = False
    model.fc = nn.Linear(model.fc.in_features, classes)
    return list(model.fc.parameters())


TOKEN = re.compile(r"[a-z']+")


def read_reviews(path):
    with open(path, encoding="utf-8") as f:
        return [(row["text"], row["label"]) for row in csv.DictReader(f)]


class Vocabulary:
    """Word ids from the training texts: 0 pads, 1 is a word never seen in training."""

    def __init__(self, texts):
        words = sorted({word for text in texts for word in TOKEN.findall(text.lower())})
        self.ids = {word: index + 2 for index, word in enumerate(words)}

    def encode(self, texts, length=40):
        encoded = torch.zeros((len(texts), length), dtype=torch.long)
        for row, text in enumerate(texts):
            ids = [self.ids.get(word, 1) for word in TOKEN.findall(text.lower())][:length]
            encoded[row, :len(ids)] = torch.tensor(ids, dtype=torch.long)
        return encoded


class ReviewGRU(nn.Module):
    """Embedding, one GRU layer, and a dense layer on the GRU's last hidden state."""

    def __init__(self, vocabulary_size, classes, embedding=16, hidden=32):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary_size, embedding, padding_idx=0)
        self.gru = nn.GRU(embedding, hidden, batch_first=True)
        self.dense = nn.Linear(hidden, classes)

    def forward(self, ids):
        _, last = self.gru(self.embedding(ids))
        return self.dense(last[-1])
