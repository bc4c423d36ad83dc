#!/usr/bin/env python3
"""Cuts AWS service models down to the operations this project calls (operations.json), for the SDK's code
generator (codegen-maven-plugin in pom.xml), which builds the SageMaker, Config and KMS clients from them.

    python3 src/main/aws-models/trim.py /path/to/botocore/data

The models are AWS's published ones (botocore ships them as data/<service>/<version>/service-2.json.gz,
paginators-1.json and endpoint-rule-set-1.json.gz). Each service keeps its metadata, the listed operations and
every shape they reach; its paginators for those operations; and its endpoint rule set unchanged. The output
replaces service-2.json, paginators-1.json and endpoint-rule-set.json beside this script (customization.config
is kept). Standard library only.
"""
import gzip
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load(path):
    """Reads path, or path.gz when only the compressed file exists."""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    with gzip.open(path + ".gz", "rt", encoding="utf-8") as f:
        return json.load(f)


def reachable_shapes(model, operations):
    """Every shape an operation's input, output or errors refers to, followed through members, lists and maps."""
    pending = []
    for name in operations:
        operation = model["operations"][name]
        pending += [operation[k]["shape"] for k in ("input", "output") if k in operation]
        pending += [error["shape"] for error in operation.get("errors", [])]
    kept = set()
    while pending:
        name = pending.pop()
        if name in kept:
            continue
        kept.add(name)
        shape = model["shapes"][name]
        pending += [member["shape"] for member in shape.get("members", {}).values()]
        pending += [shape[k]["shape"] for k in ("member", "key", "value") if k in shape]
    return kept


def trim(source_dir, target_dir, operations):
    model = load(os.path.join(source_dir, "service-2.json"))
    unknown = [name for name in operations if name not in model["operations"]]
    if unknown:
        sys.exit(f"{source_dir}: no such operation(s) in the model: {', '.join(unknown)}")
    shapes = reachable_shapes(model, operations)
    trimmed = {key: value for key, value in model.items() if key not in ("operations", "shapes")}
    trimmed["operations"] = {name: model["operations"][name] for name in operations}
    trimmed["shapes"] = {name: model["shapes"][name] for name in sorted(shapes)}
    paginators = load(os.path.join(source_dir, "paginators-1.json"))["pagination"]
    write(os.path.join(target_dir, "service-2.json"), trimmed)
    write(os.path.join(target_dir, "paginators-1.json"),
          {"pagination": {name: value for name, value in paginators.items() if name in operations}})
    write(os.path.join(target_dir, "endpoint-rule-set.json"),
          load(os.path.join(source_dir, "endpoint-rule-set-1.json")))
    print(f"{target_dir}: {len(operations)} of {len(model['operations'])} operations, "
          f"{len(shapes)} of {len(model['shapes'])} shapes")


def write(path, content):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(content, f, indent=2)
        f.write("\n")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(os.path.join(HERE, "operations.json"), encoding="utf-8") as f:
        config = json.load(f)
    for service, spec in config["services"].items():
        trim(os.path.join(sys.argv[1], spec["model"]), os.path.join(HERE, service), spec["operations"])


if __name__ == "__main__":
    main()
