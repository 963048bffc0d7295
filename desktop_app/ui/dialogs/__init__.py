"""Small dialogs of the reading room."""
