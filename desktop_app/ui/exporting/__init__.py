"""Exporting notes (the dialog, its scope, the menu actions) and importing W3C notes."""
