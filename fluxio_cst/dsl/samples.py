"""The Task classes and functions the construct examples call, written once.

Every example is a whole project file, so most begin with the same Task class or iterator
function; each construct module's examples are one of these followed by their own
``def main(data):``, which keeps the examples about their construct. Each piece begins
with an empty line and ends with two, so a program's lines count from its first class.
"""

from __future__ import annotations

FETCH_ORDER = """
class FetchOrder(Task):
    async def run(event, context):
        return {"id": event["id"]}

"""

BUILD = """
class Build(Task):
    service = "codebuild"

    async def run(event, context):
        return

"""

# A Task class and a function that runs it: what map() and parallel() take.
EACH_ITEM = """
class Process(Task):
    async def run(event, context):
        return {"done": event["context_value"]}


def each_item(data):
    data["result"] = Process(data)

"""

# Two branch functions: what parallel() takes (EACH_ITEM's ``each_item``, then another).
BRANCHES = (
    EACH_ITEM
    + """
def each_other_item(data):
    data["other"] = Process(data)

"""
)


def program(before: str, *lines: str) -> str:
    """An example program: ``before`` (one of the pieces above), then ``def main(data):``
    with these lines as its body (indented further where they begin with spaces)."""
    return before + "\ndef main(data):\n" + "".join(f"    {line}\n" for line in lines)
