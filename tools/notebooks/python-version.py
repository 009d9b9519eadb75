"""Whether the lab's Python files and notebooks parse as the Python version they run on (Debian here has a newer one):
    python3 tools/notebooks/python-version.py <major>.<minor> <file.py|notebook.ipynb>...
Prints {"<file>": ["<problem>", ...]} for every file, with each syntax error of a code cell at that version."""
import ast
import json
import sys

from notebook_cells import code_cells


def problems(path, version):
    found = []
    for index, source, _ in code_cells(path):
        try:
            ast.parse(source, filename=path, feature_version=version)
        except SyntaxError as error:
            found.append(f"cell {index}, line {error.lineno}: {error.msg} (Python {version[0]}.{version[1]})")
    return found


def main():
    major, minor = (int(part) for part in sys.argv[1].split("."))
    print(json.dumps({path: problems(path, (major, minor)) for path in sys.argv[2:]}))


if __name__ == "__main__":
    main()
