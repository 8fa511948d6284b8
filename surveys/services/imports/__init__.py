"""Importing evidence from a mapped CSV or XLSX file, all or nothing.

`run` reads, checks and imports (`import_file`, `import_frame`); `resolve` matches the
names the file gives to the registry; `changes` plans the buyers, organizations and links
it writes; `write` writes them.
"""

from surveys.services.imports.run import import_file

__all__ = ["import_file"]
