#!/usr/bin/env python3
"""The chapter's MNIST CNN in PyTorch, timed as dlc-gpu-check --bench times
dlc's: training steps (Adam, sparse categorical cross-entropy) at batch 64
and 256 and inference at batch 1 and 256, each call copying its batch from
host memory and its results back, in PyTorch eager and, where there is
torch.compile, compiled with mode "reduce-overhead" (CUDA graphs).

    python3 scripts/gpu-bench-pytorch.py [--device cuda|cpu] [--seconds S]

Prints one line per measurement in dlc-gpu-check's format, with the mode.
"""

import argparse
import time

import torch
import torch.nn as nn


def cnn():
    """Keras' MNIST CNN: Conv 32/64 3x3 relu, max-pool 2, Dense 64 relu,
    Dense 10 (softmax folded into the loss, as Keras' from_logits=False
    softmax + cross-entropy computes the same)."""
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(1600, 64), nn.ReLU(), nn.Linear(64, 10))


def seconds_per_call(call, device, budget):
    for _ in range(5):
        call()
    if device == "cuda":
        torch.cuda.synchronize()
    calls, start = 0, time.perf_counter()
    while True:
        call()
        calls += 1
        if device == "cuda":
            torch.cuda.synchronize()
        elapsed = time.perf_counter() - start
        if elapsed >= budget:
            return elapsed / calls


def bench(mode, device, budget):
    torch.manual_seed(0)
    model = cnn().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def train_step(images, labels):
        optimizer.zero_grad(set_to_none=True)
        logits = model(images)
        loss = loss_fn(logits, labels)
        loss.backward()
        optimizer.step()
        return loss.detach()

    def predict(images):
        with torch.no_grad():
            return torch.softmax(model(images), dim=1)

    if mode == "compile":
        train_step = torch.compile(train_step, mode="reduce-overhead")
        predict = torch.compile(predict, mode="reduce-overhead")

    for batch in (64, 256):
        images = torch.rand(batch, 1, 28, 28)
        labels = torch.randint(0, 10, (batch,))

        def call():
            loss = train_step(images.to(device), labels.to(device))
            return loss.item()

        seconds = seconds_per_call(call, device, budget)
        print(f"bench {device:4} cnn train_step batch {batch:3}: "
              f"{seconds * 1e6:9.1f} us/step, {batch / seconds:10.0f} "
              f"images/s (pytorch {mode})", flush=True)
    for batch in (1, 256):
        images = torch.rand(batch, 1, 28, 28)

        def call():
            return predict(images.to(device)).cpu()

        seconds = seconds_per_call(call, device, budget)
        print(f"bench {device:4} cnn predict    batch {batch:3}: "
              f"{seconds * 1e6:9.1f} us/call, {batch / seconds:10.0f} "
              f"images/s (pytorch {mode})", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda", choices=["cuda", "cpu"])
    parser.add_argument("--seconds", type=float, default=0.5,
                        help="time budget of each measurement")
    args = parser.parse_args()
    if args.device == "cuda":
        print(f"# PyTorch {torch.__version__}, "
              f"{torch.cuda.get_device_name(0)}", flush=True)
    bench("eager", args.device, args.seconds)
    if hasattr(torch, "compile"):
        bench("compile", args.device, args.seconds)
    else:
        print(f"# PyTorch {torch.__version__} has no torch.compile")


if __name__ == "__main__":
    main()
