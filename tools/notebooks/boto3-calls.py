#!/usr/bin/env python3
"""Lists the AWS API calls the lab's notebooks and Python files make through boto3 clients, for checking against AWS's
API models (tools/validate/sdk.mjs, checkClientCalls).

    python3 boto3-calls.py FILE ...        (.ipynb: every code cell, in order; .py: the whole file)

A client is a name assigned `boto3.client("<service>", ...)`; a call is `<client>.<method>(...)` or
`<client>.get_paginator("<method>").paginate(...)`. boto3's own helpers (download_file, upload_file, waiters...) are
not API operations and are left out. Each keyword argument that is a literal is given as its value; any other is
given as "<Name>.$" (checked by name only, as a Step Functions path is). Prints a JSON list of
{ "where", "service", "command", "input", "unpacked" }, where `unpacked` says a **kwargs may add members.
"""
import ast
import json
import sys

from notebook_cells import code_cells

HELPERS = {"download_file", "upload_file", "download_fileobj", "upload_fileobj", "get_paginator", "get_waiter",
           "generate_presigned_url", "close", "can_paginate"}


def operation(method):
    return "".join(part.capitalize() for part in method.split("_")) + "Command"


def client_service(node):
    """The service of `boto3.client("<service>", ...)`, else None."""
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "client"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "boto3"
            and node.args and isinstance(node.args[0], ast.Constant)):
        return node.args[0].value
    return None


def add_argument(arguments, name, value):
    """A literal as its value; a dict written out with string keys member by member (so nested members are checked
    too); a list of such dicts item by item; anything else as "<name>.$" (checked by name only)."""
    try:
        arguments[name] = ast.literal_eval(value)
        return
    except ValueError:
        pass
    if isinstance(value, ast.Dict) and all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in value.keys):
        nested = {}
        for key, item in zip(value.keys, value.values):
            add_argument(nested, key.value, item)
        arguments[name] = nested
    elif isinstance(value, ast.List) and all(isinstance(e, ast.Dict) for e in value.elts):
        items = []
        for element in value.elts:
            holder = {}
            add_argument(holder, "item", element)
            items.append(holder.get("item", {}))
        arguments[name] = items
    else:
        arguments[name + ".$"] = ast.unparse(value)


def main():
    calls = []
    for path in sys.argv[1:]:
        clients = {}
        for index, source, _ in code_cells(path):
            where = "file" if path.endswith(".py") else f"cell {index}"
            tree = ast.parse(source)
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    service = client_service(node.value)
                    if service:
                        clients[node.targets[0].id] = service
            for node in ast.walk(tree):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                target, method = node.func.value, node.func.attr
                if (method == "paginate" and isinstance(target, ast.Call) and isinstance(target.func, ast.Attribute)
                        and target.func.attr == "get_paginator" and target.args and isinstance(target.args[0], ast.Constant)):
                    target, method = target.func.value, target.args[0].value
                elif method in HELPERS or method.startswith("_"):
                    continue
                if not (isinstance(target, ast.Name) and target.id in clients):
                    continue
                arguments = {}
                for keyword in node.keywords:
                    if keyword.arg is not None:
                        add_argument(arguments, keyword.arg, keyword.value)
                calls.append({
                    "where": f"{path.rsplit('/', 1)[-1]}, {where}, line {node.lineno}",
                    "service": clients[target.id].replace("-", ""),
                    "command": operation(method),
                    "input": arguments,
                    "unpacked": any(k.arg is None for k in node.keywords),
                })
    print(json.dumps(calls, indent=1))


if __name__ == "__main__":
    main()
