"""The main window and what it orchestrates: loading, alignment tasks, reloads, dialogs."""
