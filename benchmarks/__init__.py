"""Benchmarks of vnsearch against the peers an engineer would otherwise pick.

One command per benchmark (`python -m benchmarks.<name> --help`); shared
code in `benchmarks.common`, the engines (ours and the peers) behind one
interface in `benchmarks.peers`. Results go to `benchmarks/results/`.
"""
