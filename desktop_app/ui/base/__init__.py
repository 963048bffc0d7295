"""What every wing of the Qt layer stands on: tasks, settings, theme, offsets, undo, services."""
