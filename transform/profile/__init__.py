"""Profiles: load YAML, check it (all errors at once, file:line:col), compile it to a Plan."""
