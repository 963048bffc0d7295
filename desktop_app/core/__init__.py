"""Verso's core: documents, alignment, annotations, storage and export. Never imports Qt."""
