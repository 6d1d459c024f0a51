"""Hard local fuzzing: many examples, no shrinking, every failure bucketed by its class.

Why a script beside the tests: a pytest run stops at the first failure and then spends
minutes shrinking it; hunting wants every distinct failure of thousands of examples. Run
``python -m tests.fuzz_hunt --examples 5000 --seed 3 [--mutations]``: it prints one line per
failure class (exception and the package frame that raised it, or the broken assertion) with
a count, and writes the shortest program of each class to ``--out`` (default /tmp/fuzz-hunt).
"""

from __future__ import annotations

import argparse
import re
import traceback
from pathlib import Path
from typing import Any, Dict, List, Tuple

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

import fluxio_cst
from tests import test_fuzz_dsl
from tests.dsl_strategies import projects
from tests.fuzz_mutations import fixture_files, mutate
from tests.test_asl_validator import run_asl_validator


def signature(exc: BaseException) -> str:
    """A failure's class: its type plus the innermost fluxio_cst frame (or the assertion's head)."""
    if isinstance(exc, fluxio_cst.FluxioError):
        internal = [d.message for d in exc.diagnostics if d.code == "FX901"]
        text = (internal[0] if internal else str(exc)).split(" This is a bug")[0]
        text = re.sub(r"`[^`]*`|States\.[^ ]*?\.(?=[A-Z][A-Za-z]*[\[:.])|got .*?\)|\d+", "_", text)
        return "FX901: " + text[:150]
    if isinstance(exc, AssertionError):
        return "AssertionError: " + str(exc).splitlines()[0][:90] if str(exc) else "AssertionError"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "fluxio_cst/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}: {re.sub(r'[0-9]+', '_', str(exc))[:60]!r}"


def hunt(
    strategy: st.SearchStrategy[bytes], count: int, at: int, out: Path, validate: bool = False
) -> Dict[str, List[bytes]]:
    """Run ``count`` examples from seed ``at``; failures by class, shortest first. Each new
    class is printed when found and its shortest program kept in ``out`` (long runs get killed)."""
    found: Dict[str, List[bytes]] = {}
    files: Dict[str, Path] = {}
    machines: List[Tuple[str, Dict[str, Any], bytes]] = []

    @seed(at)
    @settings(
        max_examples=count,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(source: bytes) -> None:
        try:
            project = test_fuzz_dsl.compile_file(source)
            if project is not None:
                for _name, asl in test_fuzz_dsl.render(project, source):
                    machines.append((f"m{len(machines)}", asl, source))
        except (Exception, RecursionError) as exc:
            key = ascii(signature(exc))
            found.setdefault(key, []).append(source)
            if key not in files:
                files[key] = out / f"s{at}_{len(files)}.py"
                print(f"NEW  {key}  -> {files[key]}", flush=True)
            if len(source) <= min(len(s) for s in found[key]):
                files[key].write_bytes(source)

    run()
    if validate and machines:
        for key, source in asl_validator_failures(machines, out):
            found.setdefault(key, []).append(source)
    return {k: sorted(v, key=len) for k, v in found.items()}


def asl_validator_failures(
    machines: List[Tuple[str, Dict[str, Any], bytes]], out: Path
) -> List[Tuple[str, bytes]]:
    """Every accepted machine through asl-validator in one run; (class, program) per rejection."""
    folder = out / "asl"
    folder.mkdir(exist_ok=True)
    _, output, paths = run_asl_validator([(ident, asl) for ident, asl, _ in machines], folder)
    sources = {str(path): source for path, (_, _, source) in zip(paths, machines)}
    failures = []
    for block in output.split("✕")[1:]:
        lines = block.strip().splitlines()
        path = re.search(r'"([^"]+)"', lines[0])
        reason = re.sub(r"/States/[^ ]*?/|\d+", "_", lines[1].strip() if len(lines) > 1 else "?")
        if path and path.group(1) in sources:
            source = sources[path.group(1)]
            label = "asl-validator: " + reason[:120]
            failures.append((ascii(label), source))
    print(f"asl-validator: {len(machines)} machines, {len(failures)} rejected", flush=True)
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mutations", action="store_true", help="mutate fixtures instead of generating")
    parser.add_argument("--asl-validator", action="store_true", help="also run the npm asl-validator")
    parser.add_argument("--out", type=Path, default=Path("/tmp/fuzz-hunt"))
    args = parser.parse_args()
    strategy = (
        st.sampled_from(fixture_files()).flatmap(lambda p: mutate(p.read_bytes()))
        if args.mutations
        else projects()
    )
    out = args.out / ("mutations" if args.mutations else "generated")
    out.mkdir(parents=True, exist_ok=True)
    found = hunt(strategy, args.examples, args.seed, out, args.asl_validator)
    rows: List[Tuple[int, str]] = sorted(((len(v), k) for k, v in found.items()), reverse=True)
    for count, key in rows:
        print(f"{count:5d}  {key}  (shortest {len(found[key][0])} bytes)")


if __name__ == "__main__":
    main()
