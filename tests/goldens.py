"""The golden-file format of ``fixtures/*.expected.json`` and a tool to (re)write them.

``python -m tests.goldens FILE...`` writes the expected output of the given fixtures from the
current compiler; review the diff before committing it. The files copied from
``shared/examples`` are the contract and are never rewritten by this tool.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any, Dict, Optional

import fluxio_cst

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# Files that come from shared/examples: their expected output is the contract, not ours.
CONTRACT_PREFIXES = tuple(f"{n:02d}_" for n in range(1, 18))


def _asdict(value: Optional[Any]) -> Optional[Dict[str, Any]]:
    return None if value is None else dataclasses.asdict(value)


def dump(project: fluxio_cst.Project) -> Dict[str, Any]:
    """A project as the golden files hold it (see ``fixtures/README.md``)."""
    return {
        "state_machines": {
            name: {
                "first_class": machine.is_first_class,
                "map_iterator": machine.is_map_iterator,
                "schedule": _asdict(machine.schedule),
                "export": _asdict(machine.export),
                "subscribe": [dataclasses.asdict(s) for s in machine.subscriptions],
                "process_events": _asdict(machine.event_processor),
                "asl": machine.to_asl(),
            }
            for name, machine in project.state_machines.items()
        },
        "tasks": {
            name: {
                "service": task.service,
                "timeout": task.timeout,
                "cpu": task.cpu,
                "memory": task.memory,
                "build_spec": task.build_spec,
                "autoscaling_min": task.autoscaling_min,
                "autoscaling_max": task.autoscaling_max,
                "spec": task.spec,
                "concurrency": task.concurrency,
                "heartbeat_interval": task.heartbeat_interval,
            }
            for name, task in project.tasks.items()
        },
        "dependencies": sorted(project.dependencies),
    }


def write(path: Path) -> None:
    if path.name.startswith(CONTRACT_PREFIXES):
        raise SystemExit(f"{path.name} comes from shared/examples: its expected output is the contract")
    expected = dump(fluxio_cst.parse_file(path))
    target = path.with_suffix(".expected.json")
    target.write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {target.relative_to(FIXTURES.parent)}")


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        write(Path(argument).resolve())
