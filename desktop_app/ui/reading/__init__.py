"""The reading room: document panes, the page view, the link map between them and the link lists."""
