"""The run's stages in flow order: read, lookups, mapping, filters, validate, write."""
