"""The annotation pages: server-rendered, swapped in place by htmx. One module per screen."""
