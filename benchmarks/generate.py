"""Realistic Fluxio project files of any size, for the benchmarks (``benchmarks/bench_builder.py``).

A project of N tasks is N ``Task`` classes whose ``run`` methods are 10–20 lines of ordinary
application code importing packages (stdlib and third-party), and one state machine per five
tasks using every state kind: task calls with and without input and result, a call of another
state machine, Pass values (``data[...] = {...}`` and ``data.update``), ``wait``, ``map``,
``parallel``, ``if``/``elif``/``else`` with ``and``/``or``/``not`` and typed casts, ``try`` with
typed and bare handlers, ``with retry(...)``, ``return`` and ``raise``, and the decorators
``@schedule``, ``@subscribe`` and ``@export``. Services cycle through lambda,
lambda:container, ecs, codebuild and lambda:pexpm-runner.

Text templates rather than a tree builder: the output must look like a file a person wrote
(comments, docstrings, blank lines), and the same N always gives the same bytes so that runs
compare. Every generated file compiles without any diagnostic (tests/test_benchmarks.py).
"""

from __future__ import annotations

import sys
from typing import List

GROUP = 5  # tasks per state machine
SERVICES = ("lambda", "lambda:container", "lambda", "ecs", "codebuild")
DECORATORS = (
    '@schedule(expression="rate({k} hours)")\n',
    '@subscribe(project="upstream-{k}")\n',
    "@export()\n",
    "",
)

RUN_BODIES = (
    """        import json
        import logging
        from datetime import datetime, timezone

        import boto3

        logger = logging.getLogger(__name__)
        started = datetime.now(timezone.utc)
        client = boto3.client("s3")
        records = []
        for index, item in enumerate(event.get("items", [])):
            if item.get("skip"):
                continue
            records.append({{"index": index, "value": item["value"] * {i}}})
        body = json.dumps({{"records": records, "started": started.isoformat()}})
        client.put_object(Bucket="bucket-{i}", Key=f"out/{i}.json", Body=body)
        logger.info("task %s wrote %d records", "{i}", len(records))
        return {{"count": len(records), "key": f"out/{i}.json"}}
""",
    '''        """Score every row of the batch and keep the best ones."""
        import math
        from collections import Counter

        import numpy as np
        import pandas as pd

        frame = pd.DataFrame(event["rows"])
        frame["score"] = np.log1p(frame["value"].clip(lower=0)) * {i}
        kinds = Counter(frame["kind"])
        best = frame.nlargest(10, "score")
        # the threshold is tuned per task
        threshold = math.sqrt(len(frame)) / ({i} + 1)
        kept = best[best["score"] > threshold]
        return {{"kinds": dict(kinds), "kept": kept.to_dict("records"), "ready": True}}
''',
    """        import asyncio
        import os
        import re

        import httpx
        from pydantic import BaseModel

        class Reply(BaseModel):
            status: str
            total: int

        pattern = re.compile(r"^item-(\\d+)$")
        url = os.environ.get("SERVICE_URL", "https://example.invalid/{i}")
        async with httpx.AsyncClient(timeout=30) as client:
            replies = await asyncio.gather(
                *(client.get(f"{{url}}/{{name}}") for name in event["names"] if pattern.match(name))
            )
        parsed = [Reply(**reply.json()) for reply in replies]
        return {{"status": "ok", "total": sum(reply.total for reply in parsed)}}
""",
)


def task_class(i: int) -> str:
    """Task ``i``: its attributes (by its service) and a realistic ``run``."""
    service = SERVICES[i % len(SERVICES)]
    attributes = [f'    service = "{service}"\n'] if service != "lambda" else []
    if service == "ecs":
        attributes.append("    cpu = 2048\n    memory = 4096\n")
    if i % GROUP == 2:
        attributes.append("    timeout = 120\n")
    lines = [f"class Task{i}(Task):\n", f'    """Step {i} of the pipeline."""\n']
    lines.extend(["\n", *attributes] if attributes else [])
    lines.append("\n    async def run(event, context):\n")
    lines.append(RUN_BODIES[i % len(RUN_BODIES)].format(i=i))
    return "".join(lines)


def group_machines(k: int) -> str:
    """State machine ``flow_k`` over tasks 5k … 5k+4, with its map iterator and two branches."""
    a, b, c, d, e = (f"Task{GROUP * k + j}" for j in range(GROUP))
    nested = f'    data["previous"] = flow_{k - 1}(data["second"], key="Call flow {k - 1}")\n' if k else ""
    return f'''def iterate_{k}(data):
    {a}(data["context_value"], key="Process item {k}")


def branch_{k}_a(data):
    {b}(key="Branch A {k}")


def branch_{k}_b(data):
    data["branch_{k}"] = {{"branch": "b", "group": {k}}}


{DECORATORS[k % len(DECORATORS)].format(k=k + 2)}def flow_{k}(data):
    """Pipeline {k}: load, fan out or branch, transform with retries, finish."""
    data["first"] = {a}(data["input"], key="Load {k}")
    data.update({{"stage": "loaded", "group": {k}}})
    data["config"] = {{"retries": 3, "levels": [1, 2, 3], "name": "g{k}", "debug": False}}
    wait(seconds=5)
    wait(seconds=data["delay"])
    if data["first"]["count"] > 10 and str(data["first"]["kind"]) == "bulk":
        data["items"] = map(data["first"]["items"], iterate_{k}, max_concurrency=5)
    elif not bool(data["first"]["ready"]) or data["first"]["score"] <= 0.5:
        parallel(branch_{k}_a, branch_{k}_b, key="Both {k}")
    elif data["first"]["status"] == "skip":
        return
    else:
        raise NotReady("group {k} is not ready")
    try:
        with retry(on_exceptions=[States.Timeout], interval=2, max_attempts=5, backoff_rate=1.5):
            data["second"] = {c}(data["first"], key="Transform {k}", timeout=120)
    except (States.TaskFailed, KeyError):
        {d}(key="Clean up {k}")
        raise TransformFailed("transform {k} failed")
    except:
        data["second"] = {{"failed": True}}
{nested}    {e}(key="Finish {k}")
'''


def main_machine(tasks: int) -> str:
    """``main``: the tasks no group holds, then the last group's machine."""
    groups = tasks // GROUP
    lines = ["def main(data):\n", '    """Run everything."""\n']
    for i in range(groups * GROUP, tasks):
        if SERVICES[i % len(SERVICES)] in ("ecs", "codebuild"):  # no result, no input path
            lines.append(f'    Task{i}(key="Rest {i}")\n')
        else:
            lines.append(f'    data["rest_{i}"] = Task{i}(data["input"], key="Rest {i}")\n')
    if groups:
        lines.append(f'    flow_{groups - 1}(data, key="Run flows")\n')
    return "".join(lines)


def project(tasks: int) -> str:
    """A project file of ``tasks`` tasks (at least 1): the same text for the same ``tasks``."""
    if tasks < 1:
        raise ValueError("a project needs at least one task")
    parts = [f'"""Generated benchmark project: {tasks} tasks."""\n']
    parts.extend(task_class(i) for i in range(tasks))
    parts.extend(group_machines(k) for k in range(tasks // GROUP))
    parts.append(main_machine(tasks))
    return "\n\n".join(parts)


def main(argv: List[str]) -> None:
    """``python benchmarks/generate.py N``: print a project of N tasks."""
    sys.stdout.write(project(int(argv[0]) if argv else 10))


if __name__ == "__main__":
    main(sys.argv[1:])
