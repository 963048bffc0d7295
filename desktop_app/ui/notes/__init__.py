"""Notes and pair notes: the editor, the notes dock, highlights in the panes, menus and commands."""
