#!/usr/bin/python3
"""The chapter models in PyTorch, timed as bench/bench_chapter.cpp times dlc's.

Same layers, shapes, losses and optimizers as examples/*/model.mlir, the
same names (model.entry/batch), samples per second. PyTorch runs with
torch.set_num_threads(THREADS) (default 1), and scripts/bench.sh pins it to
the same core as dlc. Inference takes the best of eager, channels_last (the
CNN) and torch.jit.trace + freeze; training is eager (Debian's PyTorch 1.13
has no torch.compile), with set_to_none gradients.

Prints one JSON object: {"torch": version, "results": {name: samples/s}}.
"""

import json
import math
import os
import statistics
import sys
import time

import torch
from torch import nn

torch.set_num_threads(int(os.environ.get("THREADS", "1")))
torch.manual_seed(0)


def rate(samples, run, seconds=0.5, repetitions=5):
    """Median samples/s of `repetitions` timings, each running `run` for
    about `seconds` after a warm-up."""
    for _ in range(3):
        run()
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < 0.1:
        run()
        calls += 1
    per_call = (time.perf_counter() - start) / calls
    calls = max(1, int(seconds / per_call))
    rates = []
    for _ in range(repetitions):
        start = time.perf_counter()
        for _ in range(calls):
            run()
        rates.append(samples * calls / (time.perf_counter() - start))
    return statistics.median(rates)


def best_inference(model, x, channels_last=False):
    """The best samples/s of the ways a PyTorch user runs inference."""
    model.eval()
    batch = x.shape[0]
    rates = []
    with torch.no_grad():
        rates.append(rate(batch, lambda: model(x)))
        if channels_last:
            cl_model = model.to(memory_format=torch.channels_last)
            cl_x = x.contiguous(memory_format=torch.channels_last)
            rates.append(rate(batch, lambda: cl_model(cl_x)))
            model.to(memory_format=torch.contiguous_format)
        frozen = torch.jit.freeze(torch.jit.trace(model, x))
        rates.append(rate(batch, lambda: frozen(x)))
    model.train()
    return max(rates)


def train_rate(model, optimizer, loss_fn, inputs, batch):
    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(*inputs[:-1]), inputs[-1])
        loss.backward()
        optimizer.step()

    return rate(batch, step)


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
            nn.Linear(1600, 64), nn.ReLU(), nn.Linear(64, 10))

    def forward(self, x):
        return self.body(x)


class Recurrent(nn.Module):
    """SimpleRNN(50, relu), LSTM(50) or GRU(50) and Dense(1) on the last
    state."""

    def __init__(self, cell):
        super().__init__()
        if cell == "rnn":
            self.layer = nn.RNN(1, 50, nonlinearity="relu", batch_first=True)
        else:
            self.layer = {"lstm": nn.LSTM, "gru": nn.GRU}[cell](
                1, 50, batch_first=True)
        self.head = nn.Linear(50, 1)

    def forward(self, x):
        out, _ = self.layer(x)
        return self.head(out[:, -1, :])


def sine_windows(batch):
    t = torch.arange(51, dtype=torch.float32)
    b = torch.arange(batch, dtype=torch.float32)[:, None] * 7
    wave = torch.sin(0.1 * (b + t))
    return wave[:, :50, None].contiguous(), wave[:, 50:].contiguous()


def xor_run(hidden):
    """10000 epochs of one SGD step (lr 0.1) on XOR's truth table, half the
    summed squared error, sigmoid units; `hidden` 0 is the perceptron."""
    x = torch.tensor([[0., 0.], [0., 1.], [1., 0.], [1., 1.]])
    y = torch.tensor([[0.], [1.], [1.], [0.]])
    layers = ([nn.Linear(2, hidden), nn.Sigmoid(), nn.Linear(hidden, 1)]
              if hidden else [nn.Linear(2, 1)])
    model = nn.Sequential(*layers, nn.Sigmoid())
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

    def run():
        for _ in range(10000):
            optimizer.zero_grad(set_to_none=True)
            loss = 0.5 * ((model(x) - y) ** 2).sum()
            loss.backward()
            optimizer.step()

    return rate(4 * 10000, run, seconds=2.0, repetitions=3)


def main():
    results = {}
    only = sys.argv[1] if len(sys.argv) > 1 else ""

    def record(name, measure):
        if only in name:
            results[name] = measure()
            print(f"{name}: {results[name]:.1f} samples/s", file=sys.stderr)

    cnn = Cnn()
    for batch in (1, 64):
        images = torch.rand(batch, 1, 28, 28)
        record(f"cnn.predict/{batch}",
               lambda: best_inference(cnn, images, channels_last=True))
    images, labels = torch.rand(64, 1, 28, 28), torch.randint(0, 10, (64,))
    record("cnn.train/64", lambda: train_rate(
        cnn, torch.optim.Adam(cnn.parameters()), nn.CrossEntropyLoss(),
        (images, labels), 64))

    autoencoder = nn.Sequential(nn.Linear(784, 32), nn.ReLU(),
                                nn.Linear(32, 784), nn.Sigmoid())
    record("autoencoder.reconstruct/64",
           lambda: best_inference(autoencoder, torch.rand(64, 784)))
    x = torch.rand(256, 784)
    record("autoencoder.train/256", lambda: train_rate(
        autoencoder, torch.optim.Adam(autoencoder.parameters()),
        nn.BCELoss(), (x, x), 256))

    def gan_rate(batch=64):
        gen = nn.Sequential(nn.Linear(100, 128), nn.ReLU(),
                            nn.Linear(128, 784), nn.Sigmoid())
        disc = nn.Sequential(nn.Linear(784, 128), nn.ReLU(),
                             nn.Linear(128, 1), nn.Sigmoid())
        d_opt = torch.optim.Adam(disc.parameters(), lr=2e-4, betas=(0.5, 0.999))
        g_opt = torch.optim.Adam(gen.parameters(), lr=2e-4, betas=(0.5, 0.999))
        bce = nn.BCELoss()
        real, z = torch.rand(batch, 784), torch.rand(batch, 100) * 2 - 1
        ones, zeros = torch.ones(batch, 1), torch.zeros(batch, 1)

        def d_step(images, target):
            d_opt.zero_grad(set_to_none=True)
            bce(disc(images), target).backward()
            d_opt.step()

        def iteration():
            with torch.no_grad():
                fake = gen(z)
            d_step(real, ones)
            d_step(fake, zeros)
            disc.requires_grad_(False)  # Keras' frozen discriminator
            g_opt.zero_grad(set_to_none=True)
            bce(disc(gen(z)), ones).backward()
            g_opt.step()
            disc.requires_grad_(True)

        return rate(batch, iteration)

    record("gan.iteration/64", gan_rate)

    for cell in ("rnn", "lstm", "gru"):
        model = Recurrent(cell)
        for batch in (1, 32):
            x, _ = sine_windows(batch)
            record(f"{cell}.predict/{batch}",
                   lambda: best_inference(model, x))
        x, y = sine_windows(32)
        record(f"{cell}.train/32", lambda: train_rate(
            model, torch.optim.Adam(model.parameters()), nn.MSELoss(),
            (x, y), 32))

    record("perceptron.gate/4", lambda: xor_run(0))
    record("mlp.xor/4", lambda: xor_run(3))
    json.dump({"torch": torch.__version__, "results": results}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
