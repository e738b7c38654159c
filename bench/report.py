#!/usr/bin/env python3
"""Writes bench/RESULTS.md from one run of scripts/bench.sh.

Inputs: Google Benchmark's JSON for dlc-bench (medians of repetitions) and
bench/pytorch_models.py's JSON, both measured on the same core in the same
run. Speeds are reported as ratios against the core's FMA peak (measured by
dlc-bench in that run) and against PyTorch, with the targets of issue 12.
"""

import argparse
import json
import platform
import re
import sys
from datetime import datetime, timezone


def cpu_name():
    fields = {}
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                key, _, value = line.partition(":")
                fields.setdefault(key.strip(), value.strip())
    except OSError:
        return platform.processor() or "unknown CPU"
    flags = fields.get("flags", "").split()
    isa = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags \
        else "no AVX2"
    return (f"{fields.get('model name', 'unknown CPU')} (family "
            f"{fields.get('cpu family', '?')}, model {fields.get('model', '?')}"
            f", {isa})")


def medians(path):
    """name -> the median run of each benchmark."""
    with open(path) as f:
        data = json.load(f)
    runs = {}
    for run in data["benchmarks"]:
        if run.get("run_type") == "aggregate":
            if run.get("aggregate_name") != "median":
                continue
            runs[run["run_name"]] = run
        else:
            runs.setdefault(run["name"], run)
    return runs


def fmt(value, digits=3):
    """`value` to `digits` significant digits, with thousands separators."""
    if value >= 10 ** (digits - 1):
        return f"{value:,.0f}"
    return f"{value:.{digits}g}"


# Issue 12's targets per chapter benchmark: ("peak", fraction) for a share
# of the FMA-peak bound of the model's FLOPs, ("torch", ratio) for a ratio
# to PyTorch, ("ms", limit) for a run time.
TARGETS = {
    "cnn.predict/1": ("peak", 0.90),
    "cnn.predict/64": ("peak", 0.90),
    "cnn.train/64": ("peak", 0.75),
    "autoencoder.train/256": ("torch", 2.0),
    "gan.iteration/64": ("torch", 2.0),
    "mlp.xor/4": ("ms", 0.5),
}
for cell in ("rnn", "lstm", "gru"):
    for name in (f"{cell}.train/32", f"{cell}.predict/1", f"{cell}.predict/32"):
        TARGETS[name] = ("torch", 2.0)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--torch", required=True)
    parser.add_argument("--threads")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    dlc = medians(args.dlc)
    with open(args.torch) as f:
        torch = json.load(f)
    peaks = [run["GFLOP/s"] * 100 / run["%peak"] for run in dlc.values()
             if run.get("%peak")]
    peak = peaks[0] if peaks else float("nan")

    lines = [
        "# Benchmark results",
        "",
        "Written by `scripts/bench.sh` (do not edit): dlc and PyTorch "
        "measured in the same run, each pinned to one core with one thread; "
        "medians of 5 repetitions.",
        "",
        f"- CPU: {cpu_name()}",
        f"- Date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Measured FP32 FMA peak of the core: {peak:.0f} GFLOP/s",
        f"- PyTorch {torch['torch']} (Debian), best of eager, channels_last "
        "and traced+frozen for inference; eager for training",
        "",
        "## Layers",
        "",
        "| layer / batch | time | GFLOP/s | % of peak |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, run in dlc.items():
        if not name.startswith("BM_"):
            continue
        lines.append(f"| {name[3:]} | {fmt(run['real_time'])} "
                     f"{run['time_unit']} | {run['GFLOP/s']:.1f} | "
                     f"{run['%peak']:.0f}% |")

    lines += [
        "",
        "## Chapter models",
        "",
        "Samples per second (a sample is an image, a window of 50 time "
        "steps, or a row of the XOR truth table in one epoch).",
        "",
        "| model.entry / batch | dlc | PyTorch | dlc / PyTorch | dlc % of peak "
        "| target | met |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    missed = []
    for name, run in dlc.items():
        if name.startswith("BM_") or "threads" in name:
            continue
        ours = run["samples/s"]
        theirs = torch["results"].get(name)
        ratio = ours / theirs if theirs else None
        share = run.get("%peak")
        target, met = "", ""
        if name in TARGETS:
            kind, bound = TARGETS[name]
            if kind == "peak":
                target = f">= {bound:.0%} of peak"
                ok = share is not None and share >= bound * 100
            elif kind == "torch":
                target = f">= {bound:g}x PyTorch"
                ok = ratio is not None and ratio >= bound
            else:
                target = f"<= {bound:g} ms a run"
                ok = run["real_time"] * {"ns": 1e-6, "us": 1e-3, "ms": 1,
                                         "s": 1e3}[run["time_unit"]] <= bound
            met = "yes" if ok else "**no**"
            if not ok:
                reached = {"peak": f"{share or 0:.0f}% of peak",
                           "torch": f"{ratio or 0:.2f}x PyTorch",
                           "ms": f"{run['real_time']:.3g} "
                                 f"{run['time_unit']} a run"}[kind]
                missed.append(f"{name}: {reached}, target {target}")
        lines.append(
            f"| {name} | {fmt(ours)} | {fmt(theirs) if theirs else '-'} | "
            f"{f'{ratio:.2f}x' if ratio else '-'} | "
            f"{f'{share:.0f}%' if share else '-'} | {target} | {met} |")

    if args.threads:
        lines += ["", "## Threads (the CNN's batch of 256 cut into slices, "
                  "one per thread, two cores)", "",
                  "| threads | images/s |", "| ---: | ---: |"]
        for name, run in medians(args.threads).items():
            threads = re.search(r"/256/(\d+)", name)
            if threads:
                lines.append(f"| {threads.group(1)} | "
                             f"{fmt(run['samples/s'])} |")

    lines += ["", "## Targets missed", "",
              "Why, and what is being done about each: README.md, "
              "\"Performance\".", ""]
    lines += [f"- {name}" for name in missed] or ["None."]
    with open(args.out, "w") as out:
        out.write("\n".join(lines) + "\n")
    print(f"bench: wrote {args.out}; {len(missed)} targets missed",
          file=sys.stderr)


if __name__ == "__main__":
    main()
