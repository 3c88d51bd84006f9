"""Static open-data site generator: Frictionless packages → Markdown pages → MkDocs site."""
