"""Raw exports in: bank statements, hotline work orders, rosters, payrolls and registers made into a bundle
(``graphchain import``), with who-is-who resolved and the uncertain pairs left to the analyst
(``graphchain resolve``). See docs/data-format.md, "Raw exports"."""

from .importer import Report, import_file, import_files, resolve_bundle

__all__ = ["Report", "import_file", "import_files", "resolve_bundle"]
