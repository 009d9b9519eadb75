"""The code cells of a Jupyter notebook, for the lab's notebook tools (run-offline.py, boto3-calls.py)."""
import json


def code_cells(path):
    """Yields (index, source, stand-in name or None) for each code cell; a .py file is one cell, index 0."""
    with open(path, encoding="utf-8") as f:
        if path.endswith(".py"):
            yield 0, f.read(), None
            return
        notebook = json.load(f)
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "code":
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            yield index, source, cell.get("metadata", {}).get("lab", {}).get("offline")
